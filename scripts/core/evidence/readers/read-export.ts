/**
 * One entry point for every export format, chosen by the packet's `evidence[].format`.
 */
import type { AllocationConfig } from '../allocation.js';
import type { CostColumn, ExportChunks, ReaderEvent } from '../line-item.js';
import type { EvidenceFormat } from '../../packet/packet.js';
import { readAnthropic } from './read-anthropic.js';
import { readAzureEa } from './read-azure-ea.js';
import { readFocus } from './read-focus.js';
import { readMappedCsv } from './read-mapped-csv.js';
import { readOpenAiCsv } from './read-openai-csv.js';
import { readOpenAi } from './read-openai.js';
import { ownValue } from '../../own-value.js';

export interface ReadOptions {
  format: EvidenceFormat;
  /** Which cost to read; only FOCUS has more than the billed cost. Default `BilledCost`. */
  costColumn?: CostColumn;
  /** For format `csv`: the mapping name in the allocation config. */
  mapping?: string;
  allocation: AllocationConfig;
}

/** Streams the line items of an export in the given format; problems are yielded, not thrown. */
export async function* readExport(
  chunks: ExportChunks,
  options: ReadOptions,
): AsyncGenerator<ReaderEvent> {
  const costColumn = options.costColumn ?? 'BilledCost';
  if (options.format !== 'focus' && costColumn !== 'BilledCost') {
    const message = `${options.format} exports carry only the billed cost; set cost_column: BilledCost`;
    yield problem('EXPORT_COST_COLUMN_UNAVAILABLE', message);
    return;
  }

  switch (options.format) {
    case 'focus':
      yield* readFocus(chunks, costColumn);
      return;
    case 'azure-ea':
      yield* readAzureEa(chunks);
      return;
    case 'openai':
      yield* readOpenAi(chunks);
      return;
    case 'openai-csv':
      yield* readOpenAiCsv(chunks);
      return;
    case 'anthropic':
      yield* readAnthropic(chunks);
      return;
    case 'csv': {
      const name = options.mapping;
      const mapping =
        name === undefined ? undefined : ownValue(options.allocation.csv_mappings, name);
      if (name === undefined || mapping === undefined) {
        const known = Object.keys(options.allocation.csv_mappings).join(', ') || 'none';
        const message = `format csv needs a mapping declared in the allocation config (declared: ${known})`;
        yield problem('EXPORT_MAPPING_UNKNOWN', message);
        return;
      }
      yield* readMappedCsv(chunks, name, mapping);
    }
  }
}

function problem(code: string, message: string): ReaderEvent {
  return { kind: 'problem', problem: { code, where: 'file', message } };
}
