/**
 * Git blob ids of the files under a folder, without reading them: git already knows the id of
 * every tracked, unmodified file. Only files git reports as changed or new are read and hashed.
 * This calls git directly (not simple-git) because it runs on every validation and two plain
 * process calls are the whole cost.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Files larger than this are not hashed for the cache (their results are not reused). */
const MAX_HASHED_BYTES = 256 * 1024 * 1024;

/** The id git gives a blob with these bytes (`git hash-object`). */
export function gitBlobId(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/**
 * Blob ids of every file under `folder` as it is on disk, by repository-relative path; undefined
 * when `root` is not the top of a git work tree (the caller then hashes files itself).
 */
export async function blobIdsOnDisk(root: string, folder: string) {
  const options = { cwd: root, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' as const };
  let listed: string;
  let status: string;
  try {
    let top: string;
    [top, listed, status] = await Promise.all([
      run('git', ['rev-parse', '--show-toplevel'], options).then((r) => r.stdout.trim()),
      run('git', ['ls-files', '-s', '-z', '--', folder], options).then((r) => r.stdout),
      run(
        'git',
        ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', folder],
        options,
      ).then((r) => r.stdout),
    ]);
    // Inside a repository but below its top, paths would not line up: no cache then.
    if (path.resolve(top) !== path.resolve(root)) return undefined;
  } catch {
    return undefined;
  }

  const ids = new Map<string, string>();
  for (const entry of listed.split('\0')) {
    // "<mode> <id> <stage>\t<path>"; symlinks (120000) and submodules (160000) are not files.
    const tab = entry.indexOf('\t');
    if (tab < 0 || !entry.startsWith('100')) continue;
    ids.set(entry.slice(tab + 1), entry.slice(7, 47));
  }

  for (const changed of changedPaths(status)) {
    // Only regular files of a sane size get an id: a link (to /dev/zero, say), a FIFO or a huge
    // untracked file is never read here, and a result citing it is never reused.
    const stats = await lstat(path.join(root, changed)).catch(() => undefined);
    const bytes =
      stats?.isFile() && stats.size <= MAX_HASHED_BYTES
        ? await readFile(path.join(root, changed)).catch(() => undefined)
        : undefined;
    if (bytes === undefined) ids.delete(changed);
    else ids.set(changed, gitBlobId(bytes));
  }
  return ids;
}

/** Paths `git status -z` reports as modified, added, renamed or untracked. */
function changedPaths(status: string): string[] {
  const entries = status.split('\0');
  const paths: string[] = [];
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index] ?? '';
    if (entry.length < 4) continue;
    paths.push(entry.slice(3));
    // A rename is followed by its old path, which no longer exists.
    if (entry[0] === 'R' || entry[0] === 'C') index++;
  }
  return paths;
}
