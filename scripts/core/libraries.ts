/**
 * Libraries that only some runs need, loaded the first time something calls for them: the full
 * YAML parser, exports (CSV, exact JSON numbers) and CODEOWNERS matching. Packets and plain
 * configuration files take the fast plain reader, so most runs (and worker threads) never load the
 * YAML parser; a file the plain reader declines, or one with something to report, does. A pull
 * request's run that checks a few packets needs none of them, and importing them all would cost
 * it more than its own work.
 */
import { createRequire } from 'node:module';
import type * as CsvParse from 'csv-parse';
import type Ignore from 'ignore';
import type * as LosslessJson from 'lossless-json';
import type * as Yaml from 'yaml';

const load = createRequire(import.meta.url);

let csv: typeof CsvParse | undefined;
let lossless: typeof LosslessJson | undefined;
let gitignore: typeof Ignore | undefined;
let yaml: typeof Yaml | undefined;

/** The full YAML parser. */
export function yamlLibrary(): typeof Yaml {
  yaml ??= load('yaml') as typeof Yaml;
  return yaml;
}

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
