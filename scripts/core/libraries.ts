/**
 * Libraries that only some runs need, loaded the first time something calls for them: exports
 * (CSV, exact JSON numbers) and CODEOWNERS matching. A pull request's run that checks a few
 * packets needs none of them, and importing all three would cost it more than its own work.
 */
import { createRequire } from 'node:module';
import type * as CsvParse from 'csv-parse';
import type Ignore from 'ignore';
import type * as LosslessJson from 'lossless-json';

const load = createRequire(import.meta.url);

let csv: typeof CsvParse | undefined;
let lossless: typeof LosslessJson | undefined;
let gitignore: typeof Ignore | undefined;

/** csv-parse, for billing exports. */
export function csvParse(): typeof CsvParse {
  csv ??= load('csv-parse') as typeof CsvParse;
  return csv;
}

/** lossless-json, which keeps every digit of a number as written. */
export function losslessJson(): typeof LosslessJson {
  lossless ??= load('lossless-json') as typeof LosslessJson;
  return lossless;
}

/** The gitignore matcher `ignore`, under CODEOWNERS. */
export function ignoreLibrary(): typeof Ignore {
  gitignore ??= load('ignore') as typeof Ignore;
  return gitignore;
}
