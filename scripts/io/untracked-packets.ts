/**
 * The packets git does not track, found without asking git: git's own listing of untracked files
 * reads every folder under packets/, which costs more than the rest of a run that checks a few
 * packets. Only the folders whose stamps moved since the tree index was written are read.
 */
import { lstatSync } from 'node:fs';
import { hasUnreadableName, isPacketPath, readPacketFolder } from './files.js';
import { readStamp } from './folder-stamps.js';

/**
 * The packets on disk that the index does not list, found by reading only the folders whose
 * stamps moved, and every packet the index holds from outside its tree that is still there.
 * Undefined when only a full run can say: a folder turned into something else, or one that
 * cannot be read. A repository inside this one needs no exception: its files are never in the
 * tree, so the index has them checked on every run, and new ones are found as any other.
 */
export function untrackedSince(
  root: string,
  folders: readonly (readonly [string, string])[],
  outside: readonly string[],
  isListed: (file: string) => boolean,
): Set<string> | undefined {
  const stamped = new Set(folders.map(([folder]) => folder));
  const found = new Set<string>();

  // Step 1: the folders whose entries changed, and any new folder in them, read whole.
  const read = (folder: string): boolean => {
    let entries;
    try {
      entries = readPacketFolder(root, folder);
    } catch {
      return false;
    }
    // A name that is not UTF-8 reads back with U+FFFD: nothing is found under it, and two such
    // names may read back as one. Only a full run lists those as they are.
    if (entries.files.some(hasUnreadableName)) return false;
    for (const file of entries.files) if (!isListed(file)) found.add(file);
    // A folder the index stamped is looked at on its own turn; any other is new, read whole.
    return entries.folders.every((inner) => stamped.has(inner) || read(inner));
  };
  for (const [folder, stamp] of folders) {
    const now = readStamp(`${root}/${folder}`);
    // Gone, with all it held: git reports its tracked files as deleted.
    if (now === null) continue;
    if (now === undefined) return undefined;
    if (now !== stamp && !read(folder)) return undefined;
  }

  // Step 2: packets that were outside the tree are listed again while they are there.
  for (const file of outside) {
    if (hasUnreadableName(file)) return undefined;
    if (isPacketPath(file) && isThere(`${root}/${file}`)) found.add(file);
  }
  return found;
}

/** Whether a listing would name this path: a file or a link (never a folder, a FIFO, ...). */
function isThere(full: string): boolean {
  try {
    const stats = lstatSync(full, { throwIfNoEntry: false });
    return stats !== undefined && (stats.isFile() || stats.isSymbolicLink());
  } catch {
    return false;
  }
}
