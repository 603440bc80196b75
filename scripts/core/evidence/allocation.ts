/**
 * The repository's allocation configuration as data: which keys of a line item belong to which
 * owner, and how generic CSV exports map their columns. Read from
 * `.github/packet-allocation.yml` (schema `schemas/allocation.schema.json`).
 */
import type { CostColumn, ItemKeys, KeyName } from './line-item.js';
import { UNALLOCATED, type EvidenceFormat } from '../packet/packet.js';

/**
 * Keys a rule matches, the same keys a line item carries, with one tag instead of all of them;
 * every key given must match (exact text; provider ignores case).
 */
export type AllocationMatch = Omit<ItemKeys, 'tags'> & { tag?: { key: string; value: string } };

export interface AllocationRule {
  owner: string;
  match: AllocationMatch;
}

/** How a generic CSV export's columns map to a line item. */
export interface CsvMapping {
  /** Column with the cost of record. */
  amount: string;
  /** Set when amounts are in hundredths of the currency. Default false. */
  amount_in_cents?: boolean;
  /** Column with the currency code; or `fixed_currency` for the whole file. */
  currency?: string;
  fixed_currency?: string;
  /** Column with the charge date (a one-day charge) or the charge start. */
  date: string;
  /** Column with the exclusive charge end, when the export has one. */
  end_date?: string;
  /** The provider the whole file is from (for example `CometAPI`). */
  provider?: string;
  /** Allocation key to column name. */
  keys?: Partial<Record<KeyName, string>>;
  /** Tag key to column name, for columns to match as tags. */
  tags?: Record<string, string>;
}

/** Where the alert intake finds a budget's owner and the export to draft from. */
export interface BudgetSource {
  owner: string;
  /** Repository-relative path of an export kept current in the repository. */
  export: string;
  format?: EvidenceFormat;
  mapping?: string;
  provider?: string;
  cost_column?: CostColumn;
}

export interface AllocationConfig {
  /** Tried in order; the first rule whose every key matches owns the cost. */
  rules: AllocationRule[];
  csv_mappings: Record<string, CsvMapping>;
  /** By budget display name or id; absent when the repository takes no alerts. */
  budgets?: Record<string, BudgetSource>;
}

/** An empty configuration: every cost unallocated, no CSV mappings. */
export const EMPTY_ALLOCATION: AllocationConfig = { rules: [], csv_mappings: {} };

/** The owner of a line item's cost, `unallocated` when no rule matches. */
export function ownerOf(keys: ItemKeys, config: AllocationConfig): string {
  for (const rule of config.rules) {
    if (matches(keys, rule.match)) return rule.owner;
  }
  return UNALLOCATED;
}

/** Whether every key of the match is present in the item with the same value. */
export function matches(keys: ItemKeys, match: AllocationMatch): boolean {
  for (const [name, wanted] of Object.entries(match) as [keyof AllocationMatch, unknown][]) {
    if (name === 'tag') {
      const tag = wanted as { key: string; value: string };
      if (keys.tags[tag.key.trim()] !== tag.value) return false;
      continue;
    }
    const have = keys[name];
    if (have === undefined) return false;
    if (
      name === 'provider' ? have.toLowerCase() !== String(wanted).toLowerCase() : have !== wanted
    ) {
      return false;
    }
  }
  return true;
}

/** The grain names an allocation relies on: each key any rule matches on. */
export function grainUsed(config: AllocationConfig): string[] {
  const used = new Set<string>();
  for (const rule of config.rules) {
    for (const name of Object.keys(rule.match)) {
      used.add(name === 'tag' ? `tag:${rule.match.tag!.key.trim()}` : name);
    }
  }
  return [...used].sort();
}
