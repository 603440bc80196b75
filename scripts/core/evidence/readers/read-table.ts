/**
 * Runs a `TableSpec` over a streamed CSV export and yields line items and problems.
 *
 * Cells are read as the export wrote them: the amount column is the cost of record (never a
 * price times a quantity), `NULL` and empty key cells mean "no value", and datetimes may lack
 * the `T` or the `Z`. Each bad cell becomes one problem naming the row and the column.
 */
import { centsToUnits, readAmount, readCurrency } from '../export-amount.js';
import {
  addDays,
  dayPointFromUnix,
  exclusiveEnd,
  parseDayPoint,
  type DayPoint,
} from '../export-dates.js';
import type { ExportChunks, ItemKeys, ReadProblem, ReaderEvent } from '../line-item.js';
import { csvRows } from './csv-rows.js';
import { readTagsCell } from './tags-cell.js';
import { resolveColumns, type ResolvedColumns, type TableSpec } from './table-spec.js';

/** Streams line items out of a CSV export described by `spec`. */
export async function* readTable(
  spec: TableSpec,
  chunks: ExportChunks,
): AsyncGenerator<ReaderEvent> {
  let columns: ResolvedColumns | undefined;
  const dates = new DateCache();
  let lastSpan = '';

  for await (const event of csvRows(chunks)) {
    if (event.kind === 'problem') {
      yield event;
      continue;
    }

    // Step 1: the header names the columns; a missing required one ends the read.
    if (columns === undefined) {
      columns = resolveColumns(spec, event.values);
      const missing = missingColumns(spec, columns);
      if (missing.length > 0) {
        yield problem('EXPORT_COLUMN_MISSING', event.row, undefined, missingMessage(spec, missing));
        return;
      }
      continue;
    }

    // Step 2: a billing period the row states is coverage even where no cost fell.
    const values = event.values;
    if (columns.billingPeriodStart >= 0 && columns.billingPeriodEnd >= 0) {
      const start = dates.read(values[columns.billingPeriodStart] ?? '');
      const end = dates.read(values[columns.billingPeriodEnd] ?? '');
      const key = `${start?.date}/${end?.date}`;
      if (start && end && key !== lastSpan) {
        lastSpan = key;
        const stop = spec.billingPeriodEndInclusive ? addDays(end.date, 1) : exclusiveEnd(end);
        yield { kind: 'span', start: start.date, end: stop };
      }
    }

    // Step 3: the row itself.
    yield* readRow(spec, columns, event.row, values, dates);
  }

  if (columns === undefined) {
    yield problem('EXPORT_EMPTY', 1, undefined, 'the export has no header row; export it again');
  }
}

function* readRow(
  spec: TableSpec,
  columns: ResolvedColumns,
  row: number,
  values: string[],
  dates: DateCache,
): Generator<ReaderEvent> {
  const names = columns.names;
  let bad = false;

  const amountCell = values[columns.amount] ?? '';
  const amount = readAmount(amountCell);
  if ('code' in amount) {
    bad = true;
    yield problem(amount.code, row, names[columns.amount], `amount ${amount.message}`);
  }

  const currencyCell =
    'fixed' in spec.currency ? spec.currency.fixed : (values[columns.currency] ?? '');
  const currency = readCurrency(currencyCell);
  if (currency === undefined) {
    bad = true;
    const message = `currency ${JSON.stringify(currencyCell)} is not a three-letter ISO 4217 code`;
    yield problem('EXPORT_CURRENCY_INVALID', row, names[columns.currency], message);
  }

  const startCell = values[columns.start] ?? '';
  const start = dates.read(startCell);
  if (start === undefined) {
    bad = true;
    yield dateProblem(row, names[columns.start], startCell);
  }
  let chargeEnd: string | undefined;
  if (columns.end >= 0) {
    const endCell = values[columns.end] ?? '';
    const end = dates.read(endCell);
    if (end === undefined) {
      bad = true;
      yield dateProblem(row, names[columns.end], endCell);
    } else chargeEnd = exclusiveEnd(end);
  } else if (start) chargeEnd = exclusiveEnd({ date: start.date, midnight: false });

  // An instant charge (start equal to end) still belongs to the day it happened on.
  if (start && chargeEnd === start.date) chargeEnd = addDays(start.date, 1);
  if (start && chargeEnd !== undefined && chargeEnd < start.date) {
    bad = true;
    const message = 'the charge period ends before it starts; check the start and end columns';
    yield problem('EXPORT_DATE_ORDER', row, names[columns.end], message);
  }

  const keys: ItemKeys = { ...spec.fixedKeys, tags: {} };
  for (const [key, index] of columns.keys) {
    const cell = values[index];
    if (cell !== undefined && cell !== '' && cell !== 'NULL') keys[key] = cell;
  }
  for (const [tag, index] of columns.tagColumns) {
    const cell = values[index];
    if (cell !== undefined && cell !== '' && cell !== 'NULL') keys.tags[tag] = cell;
  }
  if (columns.tagsJson >= 0) {
    const tags = dates.tags(values[columns.tagsJson] ?? '');
    if ('problem' in tags) {
      bad = true;
      yield problem('EXPORT_TAGS_INVALID', row, names[columns.tagsJson], tags.problem);
    } else keys.tags = tags.tags;
  }

  if (bad || 'code' in amount || !start || chargeEnd === undefined || currency === undefined) {
    return;
  }
  const billingStart =
    columns.billingPeriodStart >= 0
      ? dates.read(values[columns.billingPeriodStart] ?? '')
      : undefined;
  yield {
    kind: 'item',
    item: {
      chargeStart: start.date,
      chargeEnd,
      ...(billingStart ? { billingPeriodStart: billingStart.date } : {}),
      amount: spec.cents ? centsToUnits(amount.amount) : amount.amount,
      currency,
      keys,
      source: `row ${row}`,
    },
  };
}

function missingColumns(spec: TableSpec, columns: ResolvedColumns): string[] {
  const missing: string[] = [];
  if (columns.amount < 0) missing.push(spec.amount.join(' or '));
  if ('columns' in spec.currency && columns.currency < 0)
    missing.push(spec.currency.columns.join(' or '));
  if (columns.start < 0) missing.push(spec.start.join(' or '));
  if (spec.end && columns.end < 0) missing.push(spec.end.join(' or '));
  return missing;
}

function missingMessage(spec: TableSpec, missing: string[]): string {
  return `the ${spec.format} header lacks ${missing.join(', ')}; check the export format or the column mapping`;
}

function dateProblem(row: number, column: string | undefined, cell: string): ReaderEvent {
  const shown = JSON.stringify(cell.length > 30 ? `${cell.slice(0, 30)}…` : cell);
  const message = `${shown} is not a date; write YYYY-MM-DD or an ISO-8601 datetime`;
  return problem('EXPORT_DATE_INVALID', row, column, message);
}

function problem(
  code: string,
  row: number,
  column: string | undefined,
  message: string,
): ReaderEvent {
  const where = column === undefined ? `row ${row}` : `row ${row}, column ${column}`;
  const found: ReadProblem = { code, where, row, message };
  if (column !== undefined) found.column = column;
  return { kind: 'problem', problem: found };
}

/**
 * Most rows of an export repeat the same few period texts; reading each text once keeps the
 * date parsing out of the per-row cost.
 */
class DateCache {
  private readonly seen = new Map<string, DayPoint | undefined>();
  private readonly tagCells = new Map<string, ReturnType<typeof readTagsCell>>();

  /** Tags cells repeat as much as dates do; each result is copied so rows never share one. */
  tags(cell: string): ReturnType<typeof readTagsCell> {
    let found = this.tagCells.get(cell);
    if (found === undefined) {
      found = readTagsCell(cell);
      if (this.tagCells.size > 50_000) this.tagCells.clear();
      this.tagCells.set(cell, found);
    }
    return 'tags' in found ? { tags: { ...found.tags } } : found;
  }

  read(text: string): DayPoint | undefined {
    if (this.seen.has(text)) return this.seen.get(text);
    const value = /^\d{9,11}$/.test(text.trim())
      ? dayPointFromUnix(text.trim())
      : parseDayPoint(text);
    if (this.seen.size > 50_000) this.seen.clear();
    this.seen.set(text, value);
    return value;
  }
}
