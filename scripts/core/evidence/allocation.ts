/**
 * The repository's allocation configuration as data: which keys of a line item belong to which
 * owner, and how generic CSV exports map their columns. Read from
 * `.github/packet-allocation.yml` (schema `schemas/allocation.schema.json`).
 */
import { KEY_NAMES, type CostColumn, type ItemKeys, type KeyName } from './line-item.js';
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
  // The first rule that matches, among only the rules that could: those whose indexed key has
  // the item's value, and those with no key to index.
  const index = ruleIndex(config);
  const candidates = [...index.always];
  for (const [grain, byValue] of index.byGrain) {
    const value = grainValue(keys, grain);
    const rules = value === undefined ? undefined : byValue.get(value);
    if (rules) candidates.push(...rules);
  }
  candidates.sort((a, b) => a - b);
  for (const at of candidates) {
    const rule = config.rules[at]!;
    if (matches(keys, rule.match)) return rule.owner;
  }
  return UNALLOCATED;
}

/** Rules by the value of one key each must match (`provider` lower-cased, tags as `tag:<key>`). */
interface RuleIndex {
  byGrain: Map<string, Map<string, number[]>>;
  /** Rules with no key to index, tried for every item. */
  always: number[];
}

/** Built once per configuration: an export has thousands of items, a config hundreds of rules. */
const INDEXES = new WeakMap<AllocationConfig, RuleIndex>();

function ruleIndex(config: AllocationConfig): RuleIndex {
  const known = INDEXES.get(config);
  if (known) return known;

  const index: RuleIndex = { byGrain: new Map(), always: [] };
  config.rules.forEach((rule, at) => {
    const [grain, value] = indexKey(rule.match) ?? [];
    if (grain === undefined || value === undefined) {
      index.always.push(at);
      return;
    }
    const byValue = index.byGrain.get(grain) ?? new Map<string, number[]>();
    index.byGrain.set(grain, byValue);
    byValue.set(value, [...(byValue.get(value) ?? []), at]);
  });
  INDEXES.set(config, index);
  return index;
}

/** The key a rule is indexed under and the value it needs, as `grainValue` reads an item. */
function indexKey(match: AllocationMatch): [string, string] | undefined {
  for (const name of KEY_NAMES) {
    const wanted: unknown = match[name];
    if (typeof wanted !== 'string') continue;
    return [name, name === 'provider' ? wanted.toLowerCase() : wanted];
  }
  const tag = match.tag;
  return tag ? [`tag:${tag.key.trim()}`, tag.value] : undefined;
}

function grainValue(keys: ItemKeys, grain: string): string | undefined {
  if (grain.startsWith('tag:')) return keys.tags[grain.slice(4)];
  const value = keys[grain as KeyName];
  return grain === 'provider' ? value?.toLowerCase() : value;
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

/** Each configuration's grain, worked out once (every export's summary asks for it). */
const GRAIN = new WeakMap<AllocationConfig, string[]>();

/** The grain names an allocation relies on: each key any rule matches on. */
export function grainUsed(config: AllocationConfig): string[] {
  const known = GRAIN.get(config);
  if (known) return [...known];
  const used = new Set<string>();
  for (const rule of config.rules) {
    for (const name of Object.keys(rule.match)) {
      used.add(name === 'tag' ? `tag:${rule.match.tag!.key.trim()}` : name);
    }
  }
  const grain = [...used].sort();
  GRAIN.set(config, grain);
  return [...grain];
}
