/**
 * Whether Node runs the module at `moduleUrl` as its entry: named as given on the command line,
 * or without `.js`, as Node finds an entry. A name that leads nowhere is not this module.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function runsAsEntry(moduleUrl: string): boolean {
  const given = process.argv[1];
  const here = fileURLToPath(moduleUrl);
  return given !== undefined && [given, `${given}.js`].some((file) => realOrNone(file) === here);
}

function realOrNone(file: string): string | undefined {
  try {
    return realpathSync(file);
  } catch {
    return undefined;
  }
}
