/**
 * Symlinks and submodules under `packets/`, read from git's own records (the index and HEAD's
 * tree), not the file system: a checkout with `core.symlinks=false` writes a link as a plain
 * file holding the target's path, and a submodule may be an empty folder, so only git knows.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type SpecialKind = 'symlink' | 'submodule';

/** A tree entry that is not a plain file, by repository-relative path. */
export interface TreeEntry {
  path: string;
  kind: SpecialKind;
}

const KIND_BY_MODE: Readonly<Record<string, SpecialKind>> = {
  '120000': 'symlink',
  '160000': 'submodule',
};

/**
 * Symlinks and submodules under `folder`, from `git ls-tree` of HEAD and `git ls-files --stage`
 * (so a staged, uncommitted link counts too). Undefined when `root` is not the top of a git
 * work tree.
 */
export async function listSpecialTreeEntries(
  root: string,
  folder = 'packets',
): Promise<TreeEntry[] | undefined> {
  const options = { cwd: root, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' as const };
  try {
    const top = await run('git', ['rev-parse', '--show-toplevel'], options);
    if (path.resolve(top.stdout.trim()) !== path.resolve(root)) return undefined;
  } catch {
    return undefined;
  }

  // A repository with no commit yet has no HEAD tree; the index still answers.
  const head = await run('git', ['ls-tree', '-r', '-z', 'HEAD', '--', folder], options).then(
    (r) => r.stdout,
    () => '',
  );
  const staged = await run('git', ['ls-files', '--stage', '-z', '--', folder], options);

  const found = new Map<string, SpecialKind>();
  for (const entry of [...head.split('\0'), ...staged.stdout.split('\0')]) {
    // ls-tree: "<mode> <type> <id>\t<path>"; ls-files: "<mode> <id> <stage>\t<path>".
    const tab = entry.indexOf('\t');
    const kind = KIND_BY_MODE[entry.slice(0, 6)];
    if (tab > 0 && kind !== undefined) found.set(entry.slice(tab + 1), kind);
  }
  return [...found].map(([entryPath, kind]) => ({ path: entryPath, kind })).sort(byPath);
}

/** The problem a packet reader reports for such an entry. */
export function specialEntryProblem(kind: SpecialKind): { code: string; message: string } {
  return kind === 'symlink'
    ? {
        code: 'FILE_SYMLINK',
        message:
          'is a symbolic link in git; commit the packet itself, a link can point outside the review',
      }
    : {
        code: 'FILE_SUBMODULE',
        message:
          'is a git submodule; packets must be plain files in this repository, remove the submodule',
      };
}

function byPath(a: TreeEntry, b: TreeEntry): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
