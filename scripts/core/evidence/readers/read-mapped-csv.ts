/**
 * A CSV export with no standard shape (a gateway's usage log, for example CometAPI, which only
 * knows API key names), read through a named column mapping from the allocation config.
 */
import type { CsvMapping } from '../allocation.js';
import type { ExportChunks, KeyName, ReaderEvent } from '../line-item.js';
import { readTable } from './read-table.js';
import type { TableSpec } from './table-spec.js';

/** The table spec a mapping describes. */
export function mappedSpec(name: string, mapping: CsvMapping): TableSpec {
  const keys: Partial<Record<KeyName, string[]>> = {};
  for (const [key, column] of Object.entries(mapping.keys ?? {}) as [KeyName, string][]) {
    keys[key] = [column];
  }
  return {
    format: `CSV mapping ${name}`,
    amount: [mapping.amount],
    currency:
      mapping.currency !== undefined
        ? { columns: [mapping.currency] }
        : { fixed: mapping.fixed_currency ?? '' },
    start: [mapping.date],
    ...(mapping.end_date !== undefined ? { end: [mapping.end_date] } : {}),
    keys,
    ...(mapping.provider !== undefined ? { fixedKeys: { provider: mapping.provider } } : {}),
    ...(mapping.tags !== undefined ? { tagColumns: mapping.tags } : {}),
    cents: mapping.amount_in_cents === true,
  };
}

/** Streams the line items of a CSV export through a column mapping. */
export function readMappedCsv(
  chunks: ExportChunks,
  name: string,
  mapping: CsvMapping,
): AsyncGenerator<ReaderEvent> {
  return readTable(mappedSpec(name, mapping), chunks);
}
