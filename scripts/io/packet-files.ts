/**
 * Reads every packet file under `packets/` of a working tree, for the ledger.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

import { isPacketPath } from '../core/history/history-index.js';

/** Every packet file (repository-relative path, forward slashes) with its text. */
export async function readPacketFiles(root: string): Promise<{ path: string; text: string }[]> {
  const base = join(root, 'packets');
  const entries = await readdir(base, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
    .filter(isPacketPath)
    .sort();
  return Promise.all(
    files.map(async (path) => ({ path, text: await readFile(join(root, path), 'utf8') })),
  );
}
