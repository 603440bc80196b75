/**
 * The GitHub repository a checkout's `origin` points at, for commands that default to it.
 */
import type { RepoRef } from './github.js';
import { gitClient } from './git.js';

// `git@host:owner/name.git`, `https://host/owner/name(.git)`, `ssh://git@host/owner/name`.
const REMOTE = /[/:]([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/;

/** owner/name of `origin` in `dir`, or undefined when there is no such remote. */
export async function originRepo(dir: string): Promise<RepoRef | undefined> {
  const url = await gitClient(dir)
    .raw(['remote', 'get-url', 'origin'])
    .then(
      (text) => text.trim(),
      () => '',
    );
  const match = REMOTE.exec(url);
  return match ? { owner: match[1]!, repo: match[2]! } : undefined;
}
