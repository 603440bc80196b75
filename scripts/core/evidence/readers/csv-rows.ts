/**
 * CSV records out of streamed chunks, through csv-parse, with broken records collected as
 * problems instead of stopping the read.
 */
import { Readable } from 'node:stream';
import { csvParse } from '../../libraries.js';
import type { ExportChunks, ReadProblem } from '../line-item.js';

/** One CSV record (row 1 is the header) or a problem with the file's CSV itself. */
export type CsvEvent =
  { kind: 'row'; row: number; values: string[] } | { kind: 'problem'; problem: ReadProblem };

/**
 * Streams the records of a CSV export. A quoted field may hold newlines and stays one field.
 * A leading UTF-8 BOM is dropped. A record with the wrong number of fields is reported and
 * skipped; a file that cannot be parsed further ends the stream with one problem.
 */
export async function* csvRows(chunks: ExportChunks): AsyncGenerator<CsvEvent> {
  const skipped: ReadProblem[] = [];
  const parser = csvParse().parse({
    bom: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      if (error) skipped.push(csvProblem(error, 'skipped'));
      return undefined;
    },
  });
  const source = Readable.from(chunks);
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);

  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      while (skipped.length > 0) yield { kind: 'problem', problem: skipped.shift()! };
      yield { kind: 'row', row, values: record };
    }
  } catch (error) {
    // Only csv-parse's own errors are the export's fault; anything else is the environment.
    if (!isCsvError(error)) throw error;
    skipped.push(csvProblem(error, 'stopped'));
  }
  for (const problem of skipped) yield { kind: 'problem', problem };
}

function isCsvError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('CSV_');
}

function csvProblem(error: unknown, outcome: 'skipped' | 'stopped'): ReadProblem {
  const lines = (error as { lines?: unknown }).lines;
  const where = typeof lines === 'number' ? `line ${lines}` : 'file';
  const reason = error instanceof Error ? error.message : String(error);
  const next =
    outcome === 'skipped'
      ? 'the record was left out; fix it in the export or export the file again'
      : 'reading stopped here; export the file again';
  return {
    code: 'EXPORT_CSV_MALFORMED',
    where,
    message: `the CSV cannot be read (${reason}); ${next}`,
  };
}
