/**
 * One reading of an export: its chunks through the reader for its format, into the summarizer
 * for the packet's period and scope. The chunks may come from a file stream or from memory;
 * the figures are the same either way.
 */
import type { AllocationConfig } from './allocation.js';
import type { SummaryRequest } from './facts.js';
import type { ExportChunks } from './line-item.js';
import { readExport } from './readers/read-export.js';
import { createSummarizer, type ExportSummary } from './summarize.js';

/** Summarises `chunks` as `request` asks. */
export async function summarizeExport(
  chunks: ExportChunks,
  request: SummaryRequest,
  allocation: AllocationConfig,
): Promise<ExportSummary> {
  const summarizer = createSummarizer({
    periodStart: request.periodStart,
    periodEnd: request.periodEnd,
    ...(request.scope !== undefined ? { scope: request.scope } : {}),
    allocation,
  });
  const options = {
    format: request.format,
    costColumn: request.costColumn,
    allocation,
    ...(request.mapping !== undefined ? { mapping: request.mapping } : {}),
  };

  for await (const event of readExport(chunks, options)) summarizer.add(event);
  return summarizer.finish();
}
