/**
 * From line items to the figures a packet states: the exact total of its scope in its review
 * period, the total per allocation owner, the currency, what the export covers and what it
 * could not prove. Pure and incremental, so a large export is summarised as it streams.
 */
import type { Scope } from '../packet/packet.js';
import { dec, sum, toPlain, type Decimal } from '../money/decimal.js';
import { grainUsed, ownerOf, type AllocationConfig } from './allocation.js';
import { addDays } from './export-dates.js';
import type { LineItem, ReadProblem, ReaderEvent } from './line-item.js';
import { KEY_NAMES } from './line-item.js';
import { inScope, scopeGrain } from './scope.js';

export interface SummaryOptions {
  /** First day of the review period, inclusive. */
  periodStart: string;
  /** Last day of the review period, inclusive. */
  periodEnd: string;
  scope?: Scope;
  allocation: AllocationConfig;
}

/** One owner's share of the scope, with the line items it came from. */
export interface OwnerTotal {
  owner: string;
  /** Exact plain decimal text, unrounded. */
  amount: string;
  items: number;
  firstSource: string;
  lastSource: string;
}

export interface ExportSummary {
  /** The currency of the counted items; undefined when nothing was counted. */
  currency?: string;
  /** Exact sum of the counted items (in period and scope), unrounded. */
  total: string;
  items: number;
  firstSource?: string;
  lastSource?: string;
  /** Per owner, sorted by owner id; cost matched by no rule is owner `unallocated`. */
  owners: OwnerTotal[];
  /** Days the export states it covers (earliest start, latest exclusive end), if any. */
  coverage?: { start: string; end: string };
  /** Whether the coverage includes every day of the review period. */
  covered: boolean;
  /** Grain the allocation and scope rely on, and which of it no counted item carries. */
  grain: { used: string[]; missing: string[] };
  /** Distinct provider names among the counted items. */
  providers: string[];
  problems: ReadProblem[];
  /** Problems beyond the first `MAX_PROBLEMS`, counted but not kept. */
  problemsOmitted: number;
}

/** An export with a million bad rows needs its first problems, not all of them. */
export const MAX_PROBLEMS = 200;

/** Builds a summariser: feed it reader events in any order, then ask for the summary. */
export function createSummarizer(options: SummaryOptions) {
  const endExclusive = addDays(options.periodEnd, 1);
  const used = [
    ...new Set([...grainUsed(options.allocation), ...scopeGrain(options.scope)]),
  ].sort();
  const present = new Set<string>();
  const owners = new Map<
    string,
    { amounts: Decimal[]; total: Decimal; items: number; first: string; last: string }
  >();
  const problems: ReadProblem[] = [];
  const providers = new Set<string>();
  const outside = { count: 0, first: '' };
  let omitted = 0;
  let currency: string | undefined;
  const otherCurrencies = new Set<string>();
  let coverage: { start: string; end: string } | undefined;
  let items = 0;
  let firstSource: string | undefined;
  let lastSource: string | undefined;

  const note = (problem: ReadProblem): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
    else omitted += 1;
  };
  const cover = (start: string, end: string): void => {
    if (coverage === undefined) coverage = { start, end };
    else {
      if (start < coverage.start) coverage.start = start;
      if (end > coverage.end) coverage.end = end;
    }
  };

  const addItem = (item: LineItem): void => {
    cover(item.chargeStart, item.chargeEnd);
    if (!inScope(item.keys, options.scope)) return;

    // Step 1: the period. Outside rows are left out and reported once; a row that crosses a
    // period edge cannot be split without inventing a figure, so it is an error of its own.
    if (item.chargeEnd <= options.periodStart || item.chargeStart >= endExclusive) {
      outside.count += 1;
      if (outside.count === 1) outside.first = item.source;
      return;
    }
    if (item.chargeStart < options.periodStart || item.chargeEnd > endExclusive) {
      note(straddles(item, options));
      return;
    }

    // Step 2: one currency per total.
    if (currency === undefined) currency = item.currency;
    else if (item.currency !== currency) {
      if (!otherCurrencies.has(item.currency)) {
        otherCurrencies.add(item.currency);
        note(mixedCurrency(item, currency));
      }
      return;
    }

    // Step 3: count it, for the scope and for its owner.
    items += 1;
    firstSource ??= item.source;
    lastSource = item.source;
    for (const name of KEY_NAMES) if (item.keys[name] !== undefined) present.add(name);
    for (const tag of Object.keys(item.keys.tags)) present.add(`tag:${tag}`);
    if (item.keys.provider !== undefined) providers.add(item.keys.provider);

    const owner = ownerOf(item.keys, options.allocation);
    let entry = owners.get(owner);
    if (entry === undefined) {
      entry = { amounts: [], total: dec(0), items: 0, first: item.source, last: item.source };
      owners.set(owner, entry);
    }
    // Batching the additions keeps big.js from rebuilding a long total on every row.
    entry.amounts.push(dec(item.amount));
    if (entry.amounts.length >= 1024) {
      entry.total = entry.total.plus(sum(entry.amounts));
      entry.amounts = [];
    }
    entry.items += 1;
    entry.last = item.source;
  };

  return {
    add(event: ReaderEvent): void {
      if (event.kind === 'item') addItem(event.item);
      else if (event.kind === 'span') cover(event.start, event.end);
      else note(event.problem);
    },

    finish(): ExportSummary {
      if (outside.count > 0) note(outsidePeriod(outside, options));
      const ownerTotals = [...owners.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([owner, entry]) => ({
          owner,
          amount: toPlain(entry.total.plus(sum(entry.amounts))),
          items: entry.items,
          firstSource: entry.first,
          lastSource: entry.last,
        }));
      const total = toPlain(sum(ownerTotals.map((o) => dec(o.amount))));
      const covered =
        coverage !== undefined &&
        coverage.start <= options.periodStart &&
        coverage.end >= endExclusive;
      return {
        ...(currency !== undefined ? { currency } : {}),
        total,
        items,
        ...(firstSource !== undefined ? { firstSource, lastSource: lastSource! } : {}),
        owners: ownerTotals,
        ...(coverage !== undefined ? { coverage: { ...coverage } } : {}),
        covered,
        grain: { used, missing: items === 0 ? [] : used.filter((name) => !present.has(name)) },
        providers: [...providers].sort(),
        problems,
        problemsOmitted: omitted,
      };
    },
  };
}

/** Summarises events already in memory (small exports, tests). */
export function summarizeExport(
  events: Iterable<ReaderEvent>,
  options: SummaryOptions,
): ExportSummary {
  const summarizer = createSummarizer(options);
  for (const event of events) summarizer.add(event);
  return summarizer.finish();
}

/** Summarises a stream of events as it arrives. */
export async function summarizeStream(
  events: AsyncIterable<ReaderEvent>,
  options: SummaryOptions,
): Promise<ExportSummary> {
  const summarizer = createSummarizer(options);
  for await (const event of events) summarizer.add(event);
  return summarizer.finish();
}

function straddles(item: LineItem, options: SummaryOptions): ReadProblem {
  const message = `the charge from ${item.chargeStart} to ${item.chargeEnd} (exclusive) crosses the review period ${options.periodStart} to ${options.periodEnd}; export at a finer charge period or widen the review period`;
  return {
    code: 'EXPORT_ROW_STRADDLES_PERIOD',
    where: item.source,
    ...rowOf(item.source),
    message,
  };
}

function mixedCurrency(item: LineItem, currency: string): ReadProblem {
  const message = `${item.currency} after ${currency}: one packet total is in one currency; split the export by currency or narrow the scope`;
  return { code: 'EXPORT_MIXED_CURRENCY', where: item.source, ...rowOf(item.source), message };
}

function outsidePeriod(
  outside: { count: number; first: string },
  options: SummaryOptions,
): ReadProblem {
  const message = `${outside.count} line item(s) in scope fall outside the review period ${options.periodStart} to ${options.periodEnd} and were not counted (first at ${outside.first}); export only the review period or correct the period`;
  return {
    code: 'EXPORT_ROWS_OUTSIDE_PERIOD',
    where: outside.first,
    ...rowOf(outside.first),
    message,
  };
}

function rowOf(source: string): { row?: number; path?: string } {
  const row = /^row (\d+)$/.exec(source);
  if (row) return { row: Number(row[1]) };
  return source.startsWith('$') ? { path: source } : {};
}
