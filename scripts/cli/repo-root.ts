import { existsSync } from 'node:fs';
import path from 'node:path';

/** The nearest folder at or above `cwd` holding `packets/` or `.git`; `cwd` when there is none. */
export function findRepoRoot(cwd: string): string {
  let dir = path.resolve(cwd);
  for (;;) {
    if (existsSync(path.join(dir, 'packets')) || existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(cwd);
    dir = parent;
  }
}
