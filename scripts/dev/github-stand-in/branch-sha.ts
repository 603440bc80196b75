/**
 * The commit a branch points at, as the API sees it: the branches the API itself wrote
 * (`refs`), then those pushed with git to the state's `gitRemote`, as GitHub serves a branch
 * however it was made.
 */
import { execFileSync } from 'node:child_process';
import type { RepoState } from './repo-state.js';

/** The commit `branch` points at, or undefined when there is no such branch. */
export function branchSha(state: RepoState, branch: string): string | undefined {
  const written = state.refs[branch];
  if (written !== undefined || state.gitRemote === undefined) return written;

  try {
    const out = execFileSync(
      'git',
      ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`],
      { cwd: state.gitRemote, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    return out.trim() || undefined;
  } catch {
    return undefined;
  }
}
