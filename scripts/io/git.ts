/**
 * The git shell for the audit and the ledger: one `git log` over first-parent history, the
 * shallow flag, and which commits the object store holds. Uses simple-git.
 */
import { simpleGit, type SimpleGit } from 'simple-git';

import { gitLogArgs, parseGitLog } from '../core/history/git-log.js';
import { indexHistory, type HistoryIndex } from '../core/history/history-index.js';
import { existingObjects } from './git-cat-file.js';

/** What the audit needs from a repository, read with a fixed number of git calls. */
export interface RepositoryHistory {
  index: HistoryIndex;
  shallow: boolean;
}

/** A simple-git client for `dir` that never asks for credentials or opens an editor. */
export function gitClient(dir: string, extra: Record<string, string> = {}): SimpleGit {
  const env = { ...baseEnv(), GIT_TERMINAL_PROMPT: '0', ...extra };
  return simpleGit({
    baseDir: dir,
    maxConcurrentProcesses: 2,
    trimmed: false,
    allowEnvironment: Object.keys(env).filter((key) => key.startsWith('GIT_')),
  }).env(env);
}

/** Only what git needs from the environment: no editor, pager or credential helpers leak in. */
function baseEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'SystemRoot', 'GIT_CONFIG_NOSYSTEM'];
  const env: Record<string, string> = {};
  for (const key of keep) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}

/** Reads and indexes first-parent history of `ref` in one `git log` pass. */
export async function readHistory(dir: string, ref = 'HEAD'): Promise<RepositoryHistory> {
  const git = gitClient(dir);
  const [shallow, hasHead] = await Promise.all([
    git.raw(['rev-parse', '--is-shallow-repository']).then((out) => out.trim() === 'true'),
    git.raw(['rev-parse', '--verify', '--quiet', ref]).then(
      (out) => out.trim() !== '',
      () => false,
    ),
  ]);
  const output = hasHead ? await git.raw(gitLogArgs(ref)) : '';
  return { index: indexHistory(parseGitLog(output)), shallow };
}

/** Which of the given commits exist in the object store. */
export function commitsPresent(dir: string, ids: readonly string[]): Promise<Set<string>> {
  return existingObjects(dir, ids);
}
