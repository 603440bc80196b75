/**
 * Which reader an export needs, told from its first bytes: JSON exports by the keys their
 * buckets use, CSV exports by the header, matched against the same column specs the readers
 * read with (so detection and reading cannot disagree on a column name).
 */
import type { EvidenceFormat } from '../packet/packet.js';
import type { AllocationConfig } from './allocation.js';
import { csvRows } from './readers/csv-rows.js';
import { AZURE_EA_SPEC } from './readers/read-azure-ea.js';
import { focusSpec } from './readers/read-focus.js';
import { mappedSpec } from './readers/read-mapped-csv.js';
import { OPENAI_CSV_SPEC } from './readers/read-openai-csv.js';
import { resolveColumns, type TableSpec } from './readers/table-spec.js';

export interface DetectedFormat {
  format: EvidenceFormat;
  /** For format `csv`: the allocation config's mapping whose columns the header has. */
  mapping?: string;
  /** What gave the format away, for the message. */
  reason: string;
}

export interface DetectProblem {
  code: 'EXPORT_FORMAT_UNKNOWN' | 'EXPORT_FORMAT_AMBIGUOUS';
  message: string;
}

/** How many bytes of an export are enough to tell its format. */
export const DETECT_HEAD_BYTES = 64 * 1024;

/** Tells the format of an export from the start of its text. */
export async function detectFormat(
  head: string,
  allocation: AllocationConfig,
): Promise<DetectedFormat | DetectProblem> {
  const text = head.replace(/^\uFEFF/, '').trimStart();

  // Step 1: JSON, by the names of the bucket bounds each provider uses.
  if (text.startsWith('{') || text.startsWith('[')) {
    if (/"starting_at"\s*:/.test(text))
      return { format: 'anthropic', reason: 'JSON with "starting_at" buckets' };
    if (/"start_time"\s*:/.test(text))
      return { format: 'openai', reason: 'JSON with "start_time" buckets' };
    return unknown('JSON without "start_time" (OpenAI) or "starting_at" (Anthropic) buckets');
  }

  // Step 2: CSV, by the columns a reader needs.
  const header = await firstRecord(text);
  if (header === undefined) return unknown('neither JSON nor a CSV with a header row');
  if (hasColumns(focusSpec('BilledCost'), header))
    return { format: 'focus', reason: 'CSV with the FOCUS columns BilledCost, ChargePeriodStart' };
  if (hasColumns(AZURE_EA_SPEC, header))
    return { format: 'azure-ea', reason: 'CSV with the Azure EA columns Cost, Date' };
  if (hasColumns(OPENAI_CSV_SPEC, header))
    return { format: 'openai-csv', reason: 'CSV with the OpenAI columns amount_value, start_time' };

  const mappings = Object.entries(allocation.csv_mappings)
    .filter(([name, mapping]) => hasColumns(mappedSpec(name, mapping), header))
    .map(([name]) => name);
  if (mappings.length === 1) {
    const mapping = mappings[0]!;
    return { format: 'csv', mapping, reason: `CSV with the columns of mapping ${mapping}` };
  }
  if (mappings.length > 1) {
    return {
      code: 'EXPORT_FORMAT_AMBIGUOUS',
      message: `the header fits the CSV mappings ${mappings.join(', ')}; pass --mapping NAME`,
    };
  }
  const known = Object.keys(allocation.csv_mappings).join(', ') || 'none declared';
  return unknown(
    `a CSV whose header fits neither FOCUS, Azure EA, the OpenAI dashboard nor a mapping (${known})`,
  );
}

async function firstRecord(text: string): Promise<string[] | undefined> {
  // Only the header is wanted; the head may end inside a later record.
  const end = text.search(/\r?\n/);
  const line = end < 0 ? text : text.slice(0, end);
  for await (const event of csvRows(once(line))) {
    if (event.kind === 'row') return event.values.length > 1 ? event.values : undefined;
  }
  return undefined;
}

async function* once(text: string): AsyncGenerator<string> {
  yield await Promise.resolve(text);
}

function hasColumns(spec: TableSpec, header: string[]): boolean {
  const columns = resolveColumns(spec, header);
  const currency = 'fixed' in spec.currency || columns.currency >= 0;
  return columns.amount >= 0 && columns.start >= 0 && currency;
}

function unknown(what: string): DetectProblem {
  return {
    code: 'EXPORT_FORMAT_UNKNOWN',
    message: `cannot tell the export's format: ${what}; pass --format focus|azure-ea|openai|openai-csv|anthropic|csv`,
  };
}
