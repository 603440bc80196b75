/**
 * The git shell for the audit and the ledger: one `git log` over first-parent history, the
 * shallow flag, and a batch read of the blobs the core asks for. Uses simple-git.
 */
import { simpleGit, type SimpleGit } from 'simple-git';

import { gitLogArgs, parseGitLog } from '../core/history/git-log.js';
import { indexHistory, type HistoryIndex } from '../core/history/history-index.js';
import { existingObjects, readBlobs } from './git-cat-file.js';

/** What the audit needs from a repository, read with a fixed number of git calls. */
export interface RepositoryHistory {
  index: HistoryIndex;
  shallow: boolean;
}

/** A simple-git client for `dir` that never asks for credentials or opens an editor. */
export function gitClient(dir: string): SimpleGit {
  return simpleGit({ baseDir: dir, maxConcurrentProcesses: 2, trimmed: false }).env({
    ...process.env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_EDITOR: 'true',
  });
}

/** Reads and indexes first-parent history of `ref` in one `git log` pass. */
export async function readHistory(dir: string, ref = 'HEAD'): Promise<RepositoryHistory> {
  const git = gitClient(dir);
  const shallow = (await git.raw(['rev-parse', '--is-shallow-repository'])).trim() === 'true';
  const hasHead = await git.raw(['rev-parse', '--verify', '--quiet', ref]).then(
    (out) => out.trim() !== '',
    () => false,
  );
  const output = hasHead ? await git.raw(gitLogArgs(ref)) : '';
  return { index: indexHistory(parseGitLog(output)), shallow };
}

/** Contents of the given blobs, by blob id, in one process. */
export function readBlobTexts(dir: string, ids: readonly string[]): Promise<Map<string, string>> {
  return readBlobs(dir, [...new Set(ids)]);
}

/** Which of the given commits exist in the object store. */
export function commitsPresent(dir: string, ids: readonly string[]): Promise<Set<string>> {
  return existingObjects(dir, ids);
}
