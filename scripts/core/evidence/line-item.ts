/**
 * The normalised shape every export reader produces, whatever the provider wrote.
 *
 * A line item is one cost row: the calendar days it was charged for, the amount as exact
 * decimal text, the currency, the keys an allocation can match on, and where it came from so
 * that a finding can point a person at the row or JSON path.
 */

/** The allocation keys a line item may carry; absent when the export does not have them. */
export interface ItemKeys {
  provider?: string;
  service?: string;
  project?: string;
  workspace?: string;
  api_key?: string;
  sub_account?: string;
  line_item?: string;
  /** Tag key to value. Keys are trimmed (real exports write `" org"`); values are kept as is. */
  tags: Record<string, string>;
}

/** The key names a scope or an allocation rule can match, tags aside. */
export const KEY_NAMES = [
  'provider',
  'service',
  'project',
  'workspace',
  'api_key',
  'sub_account',
  'line_item',
] as const;

export type KeyName = (typeof KEY_NAMES)[number];

/** A dimension of grain: one of the key names, or `tag:<key>` for a tag key. */
export type GrainName = KeyName | `tag:${string}`;

export interface LineItem {
  /** First charged day, YYYY-MM-DD (UTC). */
  chargeStart: string;
  /** Day after the last charged day, YYYY-MM-DD: the end is exclusive. */
  chargeEnd: string;
  /** FOCUS BillingPeriodStart as a date, when the export states it. */
  billingPeriodStart?: string;
  /** Exact plain decimal text in `currency` (never rounded, never recomputed). */
  amount: string;
  /** ISO 4217 code, upper case. */
  currency: string;
  keys: ItemKeys;
  /** Where the item came from: `row 12` for CSV, `$.data[0].results[1]` for JSON. */
  source: string;
}

/** One problem found while reading an export; collected, never thrown. */
export interface ReadProblem {
  /** Stable SCREAMING_CASE code, `EXPORT_...`. */
  code: string;
  /** Human location: `row 12, column BilledCost`, `line 7`, `$.data[0].results[1].amount`. */
  where: string;
  /** 1-based record number counting the header as row 1 (CSV only). */
  row?: number;
  /** Column name (CSV only). */
  column?: string;
  /** JSON path (JSON only). */
  path?: string;
  message: string;
}

/**
 * What a reader yields: a line item, a problem, or a span the export states it covers even
 * when no cost fell in it (an empty daily bucket, a FOCUS billing period).
 */
export type ReaderEvent =
  | { kind: 'item'; item: LineItem }
  | { kind: 'problem'; problem: ReadProblem }
  | { kind: 'span'; start: string; end: string };

/** Export bytes or text, chunk by chunk, as they arrive. */
export type ExportChunks = AsyncIterable<Uint8Array | string>;

/** Which cost a FOCUS export is read for; other formats only have the billed cost. */
export type CostColumn = 'BilledCost' | 'EffectiveCost';
