/**
 * A commit's files as git stores them, read without a work tree, through one `git cat-file
 * --batch` process: objects by name, and what changed between two trees. A run that checks a
 * commit reads only what differs from the tree its index was made on: a few tree objects instead
 * of every file on disk.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from './child-process.js';

/** A git object as `cat-file --batch` gives it: its id, type and bytes. */
export interface GitObject {
  id: string;
  type: string;
  bytes: Buffer;
}

/** One entry of a tree object. */
export interface GitTreeEntry {
  mode: string;
  name: string;
  id: string;
}

/** One path that differs between two trees, from `diff-tree --raw`. */
export interface TreeDifference {
  path: string;
  /** A (added), M (modified), D (deleted) or T (type changed). */
  status: string;
  /** The mode before and after ('000000' where there is no file). */
  from: string;
  to: string;
  /** The blob id after the change (all zeros for a deletion). */
  id: string;
}

/**
 * A revision as the user names it reaches git as an argument, and as `<rev>:<path>` lines of a
 * batch: anything that could read as an option, end a line or start a path is refused first.
 */
export function isPlainRevision(rev: string): boolean {
  // eslint-disable-next-line no-control-regex
  return rev.length > 0 && !rev.startsWith('-') && !/[\s:\u0000-\u001f\u007f]/.test(rev);
}

/** Reads objects by name: object ids, or `<rev>:<path>` (see isPlainRevision). */
export type ReadObjects = (names: readonly string[]) => Promise<Map<string, GitObject>>;

/**
 * One `git cat-file --batch` process for a whole run: each request is a round trip on its pipes,
 * not a process started, and several may be in flight (git answers in order). A name git cannot
 * resolve is left out of the answer.
 */
export class ObjectStore {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: Request[] = [];
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** The bytes the answer being read needs in all, once its header is known. */
  private needed?: number;
  private failure?: Error;
  private readonly said: Buffer[] = [];

  constructor(dir: string) {
    this.child = spawn('git', ['cat-file', '--batch'], { cwd: dir });
    this.child.stdout.on('data', (chunk: Buffer) => this.received(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => this.said.push(chunk));
    this.child.stdin.on('error', () => undefined);
    this.child.on('error', (error) => this.fail(error));
    this.child.on('close', () => {
      const said = Buffer.concat(this.said).toString('utf8').trim();
      this.fail(new GitError(['cat-file'], said || 'git ended before it answered'));
    });
  }

  read: ReadObjects = (names) => {
    if (names.some((name) => name.includes('\n'))) {
      return Promise.reject(new Error('an object name holds a newline'));
    }
    if (this.failure) return Promise.reject(this.failure);
    if (names.length === 0) return Promise.resolve(new Map<string, GitObject>());
    return new Promise((resolve, reject) => {
      this.waiting.push({ names, answered: 0, found: new Map(), resolve, reject });
      this.child.stdin.write(`${names.join('\n')}\n`);
    });
  };

  /** Lets git end once it has answered; nothing is read after. */
  close(): void {
    this.child.stdin.end();
  }

  private received(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    // Each answer is a header line, then (unless missing) the object's bytes and a newline.
    for (let request = this.waiting[0]; request; request = this.waiting[0]) {
      // A large object arrives in many chunks: they are joined once it is all here.
      if (this.needed !== undefined && this.pendingBytes < this.needed) return;
      const bytes = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
      this.pending = [bytes];
      const end = bytes.indexOf(0x0a);
      if (end < 0) return;
      // "<id> <type> <size>", or "<name> missing" (a name may hold spaces: a path).
      const found = FOUND.exec(bytes.toString('utf8', 0, end));
      const size = found ? Number(found[3]) : 0;
      const length = found ? end + 1 + size + 1 : end + 1;
      if (this.pendingBytes < length) {
        this.needed = length;
        return;
      }
      this.needed = undefined;
      const name = request.names[request.answered]!;
      if (found) {
        const body = Buffer.from(bytes.subarray(end + 1, end + 1 + size));
        request.found.set(name, { id: found[1]!, type: found[2]!, bytes: body });
      }
      this.pending = length < bytes.length ? [bytes.subarray(length)] : [];
      this.pendingBytes -= length;
      request.answered += 1;
      if (request.answered === request.names.length) {
        this.waiting.shift();
        request.resolve(request.found);
      }
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const request of this.waiting.splice(0)) request.reject(this.failure);
  }
}

const FOUND = /^([0-9a-f]{40}|[0-9a-f]{64}) ([a-z]+) ([0-9]+)$/;

interface Request {
  names: readonly string[];
  answered: number;
  found: Map<string, GitObject>;
  resolve: (found: Map<string, GitObject>) => void;
  reject: (error: Error) => void;
}

const TREE_MODE = '040000';
const PLAIN_MODES = new Set(['100644', '100755']);
const NO_MODE = '000000';

/**
 * The files that differ between two listings of one folder, and in its folders, as
 * `diff-tree -r` reports them: only folders whose ids differ are read, a level at a time. A
 * file that became a folder, or the other way, is one type change at its path.
 */
export async function diffListings(
  read: ReadObjects,
  folder: string,
  before: readonly GitTreeEntry[],
  after: readonly GitTreeEntry[],
): Promise<TreeDifference[]> {
  const differences: TreeDifference[] = [];
  let level = [{ folder, before, after }];
  while (level.length > 0) {
    const inner: { path: string; from?: string; to?: string }[] = [];
    for (const pair of level) {
      for (const [a, b] of pairsByName(pair.before, pair.after)) {
        if (a && b && a.id === b.id && a.mode === b.mode) continue;
        const name = (a ?? b)!.name;
        const path = `${pair.folder}/${name}`;
        const folders = [a, b].filter((entry) => entry?.mode === TREE_MODE).length;
        const present = [a, b].filter((entry) => entry !== undefined).length;
        if (folders > 0 && folders === present) inner.push({ path, from: a?.id, to: b?.id });
        else differences.push(difference(path, a, b));
      }
    }
    const objects = await read(inner.flatMap(({ from, to }) => [from, to].filter(isId)));
    level = inner.map(({ path, from, to }) => ({
      folder: path,
      before: from === undefined ? [] : listingOf(objects.get(from)),
      after: to === undefined ? [] : listingOf(objects.get(to)),
    }));
  }
  return differences.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

type Pair = [GitTreeEntry | undefined, GitTreeEntry | undefined];

/**
 * The entries of two listings of one folder, paired by name. Most edits keep a folder's names:
 * then the listings pair up in order, and no lookup is needed.
 *
 * A name that is not UTF-8 reads back with U+FFFD, as another such name may: those are never
 * paired, so each side is a difference at a path no run from the index reads (hasUnreadableName),
 * and the commit is checked whole.
 */
function pairsByName(before: readonly GitTreeEntry[], after: readonly GitTreeEntry[]): Pair[] {
  const lossy = (entry: GitTreeEntry) => entry.name.includes('\uFFFD');
  const plain = !before.some(lossy) && !after.some(lossy);
  if (
    plain &&
    before.length === after.length &&
    before.every((entry, at) => entry.name === after[at]!.name)
  ) {
    return before.map((entry, at): Pair => [entry, after[at]]);
  }

  const old = new Map(before.filter((entry) => !lossy(entry)).map((entry) => [entry.name, entry]));
  const now = new Map(after.filter((entry) => !lossy(entry)).map((entry) => [entry.name, entry]));
  const names = new Set([...old.keys(), ...now.keys()]);
  return [
    ...[...names].map((name) => [old.get(name), now.get(name)] as Pair),
    ...before.filter(lossy).map((entry) => [entry, undefined] as Pair),
    ...after.filter(lossy).map((entry) => [undefined, entry] as Pair),
  ];
}

function difference(path: string, a?: GitTreeEntry, b?: GitTreeEntry): TreeDifference {
  const from = a?.mode ?? NO_MODE;
  const to = b?.mode ?? NO_MODE;
  const kind = (mode: string) => (PLAIN_MODES.has(mode) ? 'file' : mode);
  const status = !a ? 'A' : !b ? 'D' : kind(from) === kind(to) ? 'M' : 'T';
  return { path, status, from, to, id: b?.id ?? '0'.repeat(a!.id.length) };
}

function isId(id: string | undefined): id is string {
  return id !== undefined;
}

/** A tree's entries; a tree the store could not give (a shallow clone, say) is an error. */
export function listingOf(object: GitObject | undefined): GitTreeEntry[] {
  if (object?.type !== 'tree') throw new MissingObject();
  return treeEntries(object);
}

/** An object the run needs is not in the repository. */
export class MissingObject extends Error {
  constructor() {
    super('an object the run needs is not in this repository');
  }
}

/** The entries of a tree object's bytes: `<mode> <name>\0<raw id>`, over and over. */
export function treeEntries(tree: GitObject): GitTreeEntry[] {
  const idBytes = tree.id.length / 2;
  const entries: GitTreeEntry[] = [];
  const bytes = tree.bytes;
  let at = 0;
  while (at < bytes.length) {
    const space = bytes.indexOf(0x20, at);
    const nul = bytes.indexOf(0, space);
    if (space < 0 || nul < 0) break;
    entries.push({
      mode: bytes.toString('latin1', at, space).padStart(6, '0'),
      name: bytes.toString('utf8', space + 1, nul),
      id: bytes.toString('hex', nul + 1, nul + 1 + idBytes),
    });
    at = nul + 1 + idBytes;
  }
  return entries;
}

/** Git refused: an unknown revision, an object missing from a shallow clone, and so on. */
export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
  ) {
    super(`git ${args[0]} failed: ${stderr}`);
  }
}
