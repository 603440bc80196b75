/**
 * Where this code's own repository is, from sources (tests) and from dist/ (built entries)
 * alike: the nearest folder above the calling module that holds package.json.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder with package.json nearest above `moduleUrl` (an `import.meta.url`). */
export function codeRootOf(moduleUrl: string): string {
  let dir = path.dirname(fileURLToPath(moduleUrl));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    // A module outside any package means a broken install, not a user mistake.
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(moduleUrl)}`);
    dir = parent;
  }
  return dir;
}

/** This repository's root. */
export const CODE_ROOT = codeRootOf(import.meta.url);
