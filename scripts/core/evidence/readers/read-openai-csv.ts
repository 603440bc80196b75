/**
 * The CSV the OpenAI usage dashboard exports for costs: one row per day (and per project or
 * line item when grouped), the API's fields flattened: `start_time` / `end_time` (Unix seconds,
 * end exclusive; `start_time_iso` / `end_time_iso` are accepted too), `amount_value` in
 * dollars, `amount_currency` in lower case, `project_id`, `api_key_id`, `line_item`.
 */
import type { ExportChunks, ReaderEvent } from '../line-item.js';
import { readTable } from './read-table.js';
import type { TableSpec } from './table-spec.js';

export const OPENAI_CSV_SPEC: TableSpec = {
  format: 'OpenAI dashboard CSV',
  amount: ['amount_value', 'amount'],
  currency: { columns: ['amount_currency', 'currency'] },
  start: ['start_time', 'start_time_iso'],
  end: ['end_time', 'end_time_iso'],
  keys: { project: ['project_id'], api_key: ['api_key_id'], line_item: ['line_item'] },
  fixedKeys: { provider: 'OpenAI' },
};

/** Streams the line items of an OpenAI dashboard cost CSV. */
export function readOpenAiCsv(chunks: ExportChunks): AsyncGenerator<ReaderEvent> {
  return readTable(OPENAI_CSV_SPEC, chunks);
}
