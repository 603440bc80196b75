/**
 * What git says changed under `packets/` since a given git tree, as the work tree stands now: the
 * files it tracks that were edited, added or deleted against that tree. One git process answers,
 * without reading a file's bytes; the files git does not track are found apart
 * (untracked-packets.ts).
 *
 * Anything the tree index cannot stand for gives no answer (undefined), and the caller checks
 * the whole repository instead: a link or submodule, a type change, a file git was told not to
 * compare with the disk, a merge in progress.
 */
import { lstatSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { execFileAsync as run } from './child-process.js';
import type { TreeChanges } from '../core/packet/tree-index-plan.js';
import { indexMarksUnwatched } from './git-index-flags.js';
import { mayIgnoreCase } from './git-config-case.js';
import { mayOverlookEdits } from './git-config-stat.js';
import { topOfWorkTree } from './work-tree-top.js';

const PLAIN_MODES = new Set(['100644', '100755']);

export async function changesSince(root: string, tree: string): Promise<TreeChanges | undefined> {
  // A packets folder that is now a link (or a file) is reported as such by a full run, and so is
  // a root that cannot hold one (a file, say): this promise is awaited late, so it never rejects.
  if (!isFolder(path.join(root, 'packets'))) return undefined;
  const options = { cwd: root, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' as const };
  const git = (...args: string[]) => run('git', args, options).then((r) => r.stdout);

  let top: string;
  let changed: string;
  try {
    [top, changed] = await Promise.all([
      topOfWorkTree(root, git),
      // The tree against the work tree (through the index, which spares reading unchanged files).
      git(...lstatThreads(), 'diff-index', '--raw', '-z', '--no-renames', tree, '--', 'packets'),
    ]);
  } catch {
    return undefined;
  }
  if (path.resolve(top) !== path.resolve(root)) return undefined;
  // Git that ignores case takes a file whose name differs from a tracked one's only in case for
  // that file: it lists neither the new file nor the renamed one.
  if (mayIgnoreCase(root)) return undefined;
  // Git that ignores change times takes a file edited in place, its size and modification time
  // kept, for unchanged.
  if (mayOverlookEdits(root)) return undefined;
  // Edits to a file git does not compare with the disk go unseen by it.
  if (indexMarksUnwatched(root) !== false) return undefined;

  const here = new Set<string>();
  const gone = new Set<string>();
  const edited = new Set<string>();
  if (!readDiff(root, changed, { here, gone, edited })) return undefined;
  return { here, gone, edited };
}

/**
 * On a machine of two cores or fewer, git checks the files on one thread. Its extra threads would
 * take the core this process is loading its checks on (measured on a 2-core machine: a run of 5
 * changed packets among 10,000 took 8 ms longer), and git's answer is needed only once those are
 * loaded, by which time one thread has long finished.
 */
function lstatThreads(): string[] {
  return availableParallelism() <= 2 ? ['-c', 'core.preloadIndex=false'] : [];
}

/** Reads `diff-index --raw -z` records: ":<mode> <mode> <id> <id> <status>\0<path>\0". */
function readDiff(
  root: string,
  output: string,
  into: { here: Set<string>; gone: Set<string>; edited: Set<string> },
): boolean {
  const { here, gone, edited } = into;
  const fields = output.split('\0');
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const [from, to, , , status] = fields[i]!.slice(1).split(' ');
    const file = fields[i + 1]!;
    if (status === 'M' && PLAIN_MODES.has(from!) && PLAIN_MODES.has(to!)) {
      here.add(file);
      edited.add(file);
    } else if (status === 'A' && PLAIN_MODES.has(to!)) here.add(file);
    else if (status === 'D' && PLAIN_MODES.has(from!) && !existsAtAll(path.join(root, file))) {
      gone.add(file);
    } else {
      // A link, a submodule, a type change, or a deleted file with something else in its place
      // (a folder, or a path through a linked folder): only a full run reads those right.
      return false;
    }
  }
  return true;
}

function isFolder(full: string): boolean {
  try {
    return lstatSync(full, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false;
  }
}

/** Whether anything is at this path (a part of it that is a file means nothing is). */
function existsAtAll(full: string): boolean {
  try {
    return lstatSync(full, { throwIfNoEntry: false }) !== undefined;
  } catch (error) {
    // Any other failure leaves the question open, which a full run then settles.
    return (error as NodeJS.ErrnoException).code !== 'ENOTDIR';
  }
}
