/**
 * What the stand-in needs from real git: every file of a commit as text, and the files a pull
 * request changes, the way GitHub lists them (against the merge base).
 */
import type { TestRepo } from '../dev/git-repo.js';
import type { SeedFileChange } from '../dev/github-stand-in/repo-state.js';

/** Every file of `commit`, by path. */
export function snapshotCommit(repo: TestRepo, commit: string): Record<string, string> {
  const paths = repo
    .git('ls-tree', '-r', '-z', '--name-only', commit)
    .split('\0')
    .filter((p) => p !== '');
  return Object.fromEntries(paths.map((p) => [p, repo.git('show', `${commit}:${p}`)]));
}

const STATUS: Record<string, SeedFileChange['status']> = {
  A: 'added',
  M: 'modified',
  D: 'removed',
  T: 'changed',
};

/** The files `head` changes since its merge base with `base`. */
export function changedFiles(repo: TestRepo, base: string, head: string): SeedFileChange[] {
  const fields = repo
    .git('diff', '--name-status', '--no-renames', '-z', `${base}...${head}`)
    .split('\0')
    .filter((f) => f !== '');
  const changes: SeedFileChange[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    changes.push({ filename: fields[i + 1]!, status: STATUS[fields[i]!] ?? 'changed' });
  }
  return changes;
}
