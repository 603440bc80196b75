/**
 * A commit's files as git stores them, read without a work tree: what changed between two trees
 * (`git diff-tree`), and objects by name (`git cat-file --batch`). A run that checks a commit
 * reads only what differs from the tree its index was made on, so git answers from a few tree
 * objects instead of comparing every file on disk.
 */
import { spawn } from 'node:child_process';

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

/** The paths that differ between two trees (or commits), recursively. */
export async function diffTrees(dir: string, from: string, to: string): Promise<TreeDifference[]> {
  const out = await runGit(dir, ['diff-tree', '-r', '-z', '--raw', '--no-renames', from, to, '--']);
  const fields = out.toString('utf8').split('\0');
  const differences: TreeDifference[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    // ":<from mode> <to mode> <from id> <to id> <status>", then the path.
    const [fromMode, toMode, , toId, status] = fields[i]!.slice(1).split(' ');
    differences.push({
      path: fields[i + 1]!,
      status: status!,
      from: fromMode!,
      to: toMode!,
      id: toId!,
    });
  }
  return differences;
}

/**
 * Each named object, in one `cat-file --batch` process; a name git cannot resolve is left out.
 * Names are object ids or `<rev>:<path>` (see isPlainRevision; a path holds no newline here).
 */
export async function readObjects(
  dir: string,
  names: readonly string[],
): Promise<Map<string, GitObject>> {
  const found = new Map<string, GitObject>();
  if (names.length === 0) return found;
  if (names.some((name) => name.includes('\n'))) throw new Error('an object name holds a newline');

  const data = await runGit(dir, ['cat-file', '--batch', '--buffer'], `${names.join('\n')}\n`);
  let at = 0;
  for (const name of names) {
    const end = data.indexOf(0x0a, at);
    if (end < 0) break;
    const header = data.toString('utf8', at, end).split(' ');
    at = end + 1;
    // "<name> missing" (or ambiguous): nothing follows.
    if (header.length !== 3) continue;
    const size = Number(header[2]);
    found.set(name, { id: header[0]!, type: header[1]!, bytes: data.subarray(at, at + size) });
    at += size + 1;
  }
  return found;
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

function runGit(dir: string, args: string[], input?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    const errors: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(chunks));
      else reject(new GitError(args, Buffer.concat(errors).toString('utf8').trim()));
    });
    // A closed stdin (git gone early) is reported by the exit code, not as an unhandled error.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
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
