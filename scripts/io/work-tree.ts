/**
 * What git knows about the work tree, asked once per validation: the blob id of every file as it
 * is on disk (tracked and unmodified files cost nothing, only changed or new ones are read and
 * hashed) and the symlinks and submodules under `packets/`, from git's own record (the index,
 * which holds what the next commit will: HEAD's entries and anything staged) rather than the
 * file system: a checkout with `core.symlinks=false` writes a link as a plain file holding the
 * target's path, and a submodule may be an empty folder.
 * Git is called directly (not simple-git) because this runs on every validation and a few plain
 * process calls, side by side, are the whole cost.
 */
import path from 'node:path';
import { execFileAsync as run } from './child-process.js';
import { gitBlobId } from './git-blobs.js';
import { mayOverlookEdits } from './git-config-stat.js';
import { topOfWorkTree } from './work-tree-top.js';
import { readPlainFile } from './read-plain-file.js';
import type { SpecialKind, TreeEntry } from './tree-entries.js';

/** Files larger than this are not hashed for the cache (their results are not reused). */
const MAX_HASHED_BYTES = 256 * 1024 * 1024;

export interface WorkTree {
  /** Blob id of every regular file as it is on disk, by repository-relative path. */
  ids: Map<string, string>;
  /** Symlinks and submodules under `packets/`, sorted by path. */
  special: TreeEntry[];
  /** How the work tree under `packets/` stands against HEAD (with ids, when HEAD exists). */
  head?: HeadFacts;
}

/** What a tree index of this run needs to know: which files are as HEAD has them. */
export interface HeadFacts {
  /** HEAD's tree id. */
  tree: string;
  /** Files whose bytes on disk or in the index are not HEAD's: edited, staged or deleted. */
  differs: Set<string>;
  /** Files the index holds and HEAD does not (staged to be added). */
  added: Set<string>;
  /** Whether git was told not to compare some tracked file with the disk, or has a conflict. */
  unwatched: boolean;
}

/**
 * The work tree's facts, or undefined when `root` is not the top of a git work tree (the caller
 * then reuses nothing and finds no special entries). Without `withIds` only the special entries
 * are read (`ids` stays empty).
 */
export async function readWorkTree(root: string, withIds: boolean): Promise<WorkTree | undefined> {
  const options = { cwd: root, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' as const };
  const git = (...args: string[]) => run('git', args, options).then((r) => r.stdout);

  // HEAD's side is asked beside the rest, and may be missing (a repository with no commit yet).
  const head = withIds ? readHead(git) : Promise.resolve(undefined);
  let top: string;
  let staged: string;
  let modified: string;
  try {
    [top, staged, modified] = await Promise.all([
      topOfWorkTree(root, git),
      // -v tags each entry: 'H' for a plain one, another letter for one git no longer compares
      // with the disk (assume-unchanged, skip-worktree), whose bytes may differ from its id.
      git('ls-files', '-s', '-v', '-z', '--', withIds ? '.' : 'packets'),
      // Files whose bytes on disk are not the index's (edited, deleted): with the ones git no
      // longer compares, the only tracked files whose id must be computed here. (`git status`
      // would also compare the index with HEAD, which ids on disk do not need, at twice the
      // cost.) Files git does not track get no id here: the caller hashes the packets it lists.
      withIds ? git('diff-files', '--name-only', '-z') : '',
    ]);
  } catch {
    return undefined;
  }
  // Inside a repository but below its top, paths would not line up.
  if (path.resolve(top) !== path.resolve(root)) return undefined;

  // Git that ignores change times can take a file edited in place for unchanged: every tracked
  // file then gets its id from the disk, as one git does not compare does (and no index is left).
  const overlooks = withIds && mayOverlookEdits(root);
  const ids = new Map<string, string>();
  const special = new Map<string, SpecialKind>();
  const unwatched: string[] = [];
  // "<tag> <mode> <id> <stage>\t<path>\0" entries, read in place: tens of thousands of them, so
  // only the path and the id are cut out of the listing.
  for (let at = 0; at < staged.length;) {
    const tab = staged.indexOf('\t', at);
    const end = staged.indexOf('\0', at);
    if (tab < 0 || end < 0 || tab > end) break;
    const file = staged.slice(tab + 1, end);
    // Links (120000) and submodules (160000) are not files.
    const kind = staged.startsWith('120000', at + 2)
      ? 'symlink'
      : staged.startsWith('160000', at + 2)
        ? 'submodule'
        : undefined;
    // `packets` itself counts: a linked packets folder would bring in files from elsewhere.
    if (kind !== undefined && (file === 'packets' || file.startsWith('packets/'))) {
      special.set(file, kind);
    } else if (withIds && staged.startsWith('100', at + 2)) {
      ids.set(file, staged.slice(at + 9, staged.indexOf(' ', at + 9)));
    }
    if (withIds && (overlooks || !staged.startsWith('H ', at))) unwatched.push(file);
    at = end + 1;
  }

  if (withIds) {
    await hashFromDisk(root, [...listed(modified), ...unwatched], ids);
  }
  const entries = [...special].map(([file, kind]) => ({ path: file, kind }));
  const tree: WorkTree = { ids, special: entries.sort((a, b) => (a.path < b.path ? -1 : 1)) };
  const against = await head;
  if (against) {
    for (const file of listed(modified)) against.differs.add(file);
    against.unwatched = unwatched.length > 0;
    tree.head = against;
  }
  return tree;
}

/** HEAD's tree and the files under `packets/` whose index entry is not HEAD's. */
async function readHead(git: (...args: string[]) => Promise<string>) {
  try {
    const [tree, staged] = await Promise.all([
      git('rev-parse', '--verify', '--quiet', 'HEAD^{tree}'),
      git('diff-index', '--cached', '--name-status', '-z', '--no-renames', 'HEAD', '--', 'packets'),
    ]);
    const facts: HeadFacts = {
      tree: tree.trim(),
      differs: new Set(),
      added: new Set(),
      unwatched: false,
    };
    // "<status>\0<path>\0" pairs.
    const fields = staged.split('\0');
    for (let i = 0; i + 1 < fields.length; i += 2) {
      facts.differs.add(fields[i + 1]!);
      if (fields[i] === 'A') facts.added.add(fields[i + 1]!);
    }
    return facts;
  } catch {
    return undefined;
  }
}

/** Gives each of these files its id as it is on disk now (none when it is not a plain file). */
export async function hashFromDisk(root: string, changed: string[], ids: Map<string, string>) {
  for (const file of changed) {
    // Only regular files of a sane size get an id: a link (to /dev/zero, say), a FIFO or a huge
    // untracked file is never read here, and a result citing it is never reused.
    const bytes = readIfPlain(path.join(root, file));
    if (bytes === undefined) ids.delete(file);
    else ids.set(file, gitBlobId(bytes));
  }
  return Promise.resolve();
}

function readIfPlain(full: string): Uint8Array | undefined {
  try {
    return readPlainFile(full, MAX_HASHED_BYTES);
  } catch {
    return undefined;
  }
}

/** The paths of a NUL-separated git listing. */
function listed(output: string): string[] {
  return output.split('\0').filter((entry) => entry !== '');
}
