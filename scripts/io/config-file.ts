/**
 * Reads a repository configuration file from the work tree only when it is a plain file, and
 * otherwise says what stands at its path (nothing, a folder, a link, a file where one of its
 * folders should be, a loop of links), for the finding that explains it. Only a failure of the
 * machine throws: what the repository holds is never the end of a run.
 */
import { lstatSync, statSync, type Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { NotAFile } from '../core/config-place.js';

/** How a configuration file is read: through a link at its path, or never. */
export interface ReadingOf {
  followLink: boolean;
}

/** The text of `relative` when it is a plain file, or what stands at its path instead. */
export async function readConfigFile(
  root: string,
  relative: string,
  reading: ReadingOf,
): Promise<{ kind: 'file'; text: string } | NotAFile> {
  const found = whatIsAt(root, relative, reading);
  if (found.kind !== 'file') return found;
  return { kind: 'file', text: await readFile(path.join(root, relative), 'utf8') };
}

/** What is at `relative`: a plain file, or what stands there instead. */
export function whatIsAt(
  root: string,
  relative: string,
  reading: ReadingOf,
): { kind: 'file' } | NotAFile {
  const full = path.join(root, relative);
  let stats: Stats | undefined;
  try {
    const options = { throwIfNoEntry: false } as const;
    stats = reading.followLink ? statSync(full, options) : lstatSync(full, options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A folder on the way is a file, so nothing can be at the path: name that file.
    if (code === 'ENOTDIR') return { kind: 'no folder', folder: fileOnTheWay(root, relative) };
    if (code === 'ELOOP') return { kind: 'loop' };
    throw error;
  }
  if (stats === undefined) return { kind: 'none' };
  if (stats.isFile()) return { kind: 'file' };
  if (stats.isDirectory()) return { kind: 'folder' };
  return { kind: stats.isSymbolicLink() ? 'link' : 'other' };
}

/** The first folder on the way to `relative` that is not one (the system follows links there). */
function fileOnTheWay(root: string, relative: string): string {
  const parts = relative.split('/');
  for (let end = 1; end < parts.length; end += 1) {
    const folder = parts.slice(0, end).join('/');
    const stats = statSync(path.join(root, folder), { throwIfNoEntry: false });
    if (stats !== undefined && !stats.isDirectory()) return folder;
  }
  // Replaced meanwhile: the file's own folder is the one the system refused.
  return parts.slice(0, -1).join('/');
}
