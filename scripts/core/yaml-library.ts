/**
 * The YAML library, loaded the first time something needs it. Packets and plain configuration
 * files take the fast plain reader, so most runs (and worker threads) never pay for loading the
 * full parser; a file the plain reader declines, or one with something to report, loads it.
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let library: typeof Yaml | undefined;

export function yamlLibrary(): typeof Yaml {
  library ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return library;
}
