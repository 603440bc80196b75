/**
 * How a tabular export's columns become line items: which column holds the amount, the
 * currency, the charge period and each allocation key. Every CSV reader is one of these specs
 * run through `readTable`, so the rules for cells are the same in every format.
 */
import type { KeyName } from '../line-item.js';

export interface TableSpec {
  /** Format name for messages (`FOCUS`, `OpenAI dashboard CSV`, `mapping cometapi`). */
  format: string;
  /** Accepted header names of the amount column, first found wins (case-insensitive). */
  amount: string[];
  /** The currency column, or one currency for the whole file when the export has none. */
  currency: { columns: string[] } | { fixed: string };
  /** Charge start column; a date, a datetime or Unix seconds. */
  start: string[];
  /** Charge end column (exclusive). Without one, each row covers the single day it starts. */
  end?: string[];
  billingPeriodStart?: string[];
  billingPeriodEnd?: string[];
  /** The billing period end names its last day (Azure EA), not the moment after it (FOCUS). */
  billingPeriodEndInclusive?: boolean;
  /** Columns of allocation keys. */
  keys: Partial<Record<KeyName, string[]>>;
  /** Keys the whole file shares (an OpenAI export is all `OpenAI`). */
  fixedKeys?: Partial<Record<KeyName, string>>;
  /** A column holding a JSON object of tags (FOCUS `Tags`). */
  tagsJson?: string[];
  /** Plain columns read as tags: tag key to column name. */
  tagColumns?: Record<string, string>;
  /** Amounts are written in hundredths (cents) of the currency. */
  cents?: boolean;
}

/** A spec resolved against a header row: the index of each column, -1 when absent. */
export interface ResolvedColumns {
  amount: number;
  currency: number;
  start: number;
  end: number;
  billingPeriodStart: number;
  billingPeriodEnd: number;
  keys: [KeyName, number][];
  tagsJson: number;
  tagColumns: [string, number][];
  names: string[];
}

/** Finds each column of the spec in the header, case and surrounding space ignored. */
export function resolveColumns(spec: TableSpec, header: string[]): ResolvedColumns {
  const names = header.map((name) => name.trim());
  const lower = names.map((name) => name.toLowerCase());
  const find = (aliases: string[] | undefined): number => {
    for (const alias of aliases ?? []) {
      const index = lower.indexOf(alias.toLowerCase());
      if (index >= 0) return index;
    }
    return -1;
  };

  const keys: [KeyName, number][] = [];
  for (const [key, aliases] of Object.entries(spec.keys) as [KeyName, string[]][]) {
    const index = find(aliases);
    if (index >= 0) keys.push([key, index]);
  }
  const tagColumns: [string, number][] = [];
  for (const [tag, column] of Object.entries(spec.tagColumns ?? {})) {
    const index = find([column]);
    if (index >= 0) tagColumns.push([tag, index]);
  }

  return {
    amount: find(spec.amount),
    currency: 'columns' in spec.currency ? find(spec.currency.columns) : -1,
    start: find(spec.start),
    end: find(spec.end),
    billingPeriodStart: find(spec.billingPeriodStart),
    billingPeriodEnd: find(spec.billingPeriodEnd),
    keys,
    tagsJson: find(spec.tagsJson),
    tagColumns,
    names,
  };
}
