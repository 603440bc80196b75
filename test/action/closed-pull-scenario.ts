/**
 * A packet pull request closed in real git, as the recorder sees it: a bare remote whose main
 * holds the gate files, the PR head pushed as `refs/pull/42/head`, optionally merged with a
 * merge commit, and a runner checkout of main with the PR head fetched, as `record.yml` makes it.
 * The stand-in serves the same commits by their real ids.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { closedPullEvent } from '../../scripts/dev/github-stand-in/events.js';
import {
  repoState,
  type RepoState,
  type SeedReview,
} from '../../scripts/dev/github-stand-in/repo-state.js';
import { cloneRepo, createRepo, type TestRepo } from '../../scripts/dev/git-repo.js';
import { ROOT } from '../../scripts/dev/github-stand-in/run-entry.js';

export const PACKET = 'packets/ml-platform/EXC-2026-12-02-ML-PLATFORM.yaml';
export const EVIDENCE = 'packets/ml-platform/evidence/focus-2026-11.csv';
export const PULL = 42;

const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');

/** The repository's own gate files, on main before the PR. */
export const BASE_FILES: Record<string, string> = {
  CODEOWNERS: read('CODEOWNERS'),
  '.github/packet-policy.yml': read('.github/packet-policy.yml'),
  '.github/packet-allocation.yml': read('.github/packet-allocation.yml'),
};
const PR_FILES = { [PACKET]: read(PACKET), [EVIDENCE]: read(EVIDENCE) };

export interface ClosedPull {
  remote: TestRepo;
  /** The recorder's checkout: main, full history, the PR head fetched. */
  runner: TestRepo;
  base: string;
  head: string;
  merge: string | undefined;
  state: RepoState;
  /** The `pull_request` closed payload, from GitHub's webhook examples. */
  event: Record<string, unknown>;
  cleanup(): void;
}

/** Builds the closed PR; `reviews` get the real head commit id. */
export function closedPull(merged: boolean, reviews: (head: string) => SeedReview[]): ClosedPull {
  // 1. main with the gate files, the PR branch with the packet, pushed as GitHub keeps it.
  const remote = createRepo({ bare: true });
  const work = cloneRepo(remote.dir);
  const base = work.commit('Set up the gate', BASE_FILES, { date: '2026-11-01T09:00:00+00:00' });
  work.git('push', '-q', 'origin', 'HEAD:main');
  work.git('checkout', '-q', '-b', 'file-packet');
  const head = work.commit('File the November ML exception', PR_FILES, {
    date: '2026-12-02T10:00:00+00:00',
    author: 'Alice Submitter',
  });
  work.git('push', '-q', 'origin', `HEAD:refs/pull/${PULL}/head`);

  // 2. The merge, when there is one.
  let merge: string | undefined;
  if (merged) {
    work.git('checkout', '-q', 'main');
    work.git('merge', '-q', '--no-ff', '--no-commit', 'file-packet');
    merge = work.commit(
      `Merge pull request #${PULL} from example-org/file-packet`,
      {},
      {
        date: '2026-12-04T14:03:00+00:00',
      },
    );
    work.git('push', '-q', 'origin', 'main');
  }
  work.cleanup();

  // 3. The runner's checkout, as the workflow's steps leave it.
  const runner = cloneRepo(remote.dir);
  runner.git('fetch', '-q', 'origin', `+refs/pull/${PULL}/head:refs/remotes/origin/pr-head`);

  const state = repoState({
    owner: 'example-org',
    pull: { number: PULL, author: { login: 'alice' }, headSha: head, baseSha: base },
    commits: { [base]: BASE_FILES, [head]: { ...BASE_FILES, ...PR_FILES } },
    files: [
      { filename: PACKET, status: 'added' },
      { filename: EVIDENCE, status: 'added' },
    ],
    reviews: reviews(head),
    teams: { 'example-org/ml-platform': ['mia'], 'example-org/finance': ['fiona'] },
  });
  state.pull.closed = {
    at: '2026-12-04T14:03:00Z',
    ...(merge === undefined ? {} : { mergeCommit: merge }),
  };
  const event = closedPullEvent(state);
  return {
    remote,
    runner,
    base,
    head,
    merge,
    state,
    event,
    cleanup: () => [remote, runner].forEach((repo) => repo.cleanup()),
  };
}

let nextId = 100;

/** A review by `login` on `commit`. */
export function review(
  login: string,
  commit: string,
  state: SeedReview['state'] = 'APPROVED',
  body = '',
): SeedReview {
  nextId += 1;
  const submittedAt = new Date(Date.UTC(2026, 11, 3, 9, nextId % 60)).toISOString();
  return { id: nextId, user: { login, type: 'User' }, state, commitId: commit, submittedAt, body };
}
