import { describe, expect, it } from 'vitest';

import type { LogCommit } from '../../../scripts/core/history/git-log.js';
import { landingOf, type Landing } from '../../../scripts/core/history/pull-request-landing.js';

const MAIN = 'a'.repeat(40);
const BRANCH = 'b'.repeat(40);
const AT = '2026-11-03T10:00:00+00:00';

/** A commit authored and committed by Pat at `AT` unless `over` says otherwise. */
function commit(over: Partial<LogCommit>): LogCommit {
  return {
    sha: 'c'.repeat(40),
    parents: [MAIN],
    committedAt: AT,
    committer: 'Pat Submitter <pat@test.invalid>',
    author: 'Pat Submitter',
    authorEmail: 'pat@test.invalid',
    authoredAt: AT,
    subject: 'Cap embeddings',
    trailers: '',
    changes: [],
    ...over,
  };
}

const GITHUB = 'GitHub <noreply@github.com>';

describe('landingOf', () => {
  it.each<[string, Partial<LogCommit>, Landing]>([
    [
      'a merge commit of the pull request',
      {
        parents: [MAIN, BRANCH],
        subject: 'Merge pull request #7 from example-org/cap',
        committer: GITHUB,
      },
      { ok: true, kind: 'merge' },
    ],
    [
      'a merge commit of another pull request',
      { parents: [MAIN, BRANCH], subject: 'Merge pull request #12 from example-org/cap' },
      { ok: false, found: 'the merge of pull request #12' },
    ],
    [
      'a merge commit made outside a pull request',
      { parents: [MAIN, BRANCH], subject: "Merge branch 'cap'" },
      { ok: false, found: 'a merge commit whose subject is not "Merge pull request #N"' },
    ],
    [
      'a merge commit whose number only starts like the pull request',
      { parents: [MAIN, BRANCH], subject: 'Merge pull request #70 from example-org/cap' },
      { ok: false, found: 'the merge of pull request #70' },
    ],
    [
      'a squash commit of the pull request',
      { subject: 'Cap embeddings (#7)', committer: GITHUB, committedAt: '2026-11-05T14:03:00Z' },
      { ok: true, kind: 'squash' },
    ],
    [
      'a squash commit of another pull request',
      { subject: 'Cap embeddings (#17)', committer: GITHUB, committedAt: '2026-11-05T14:03:00Z' },
      { ok: false, found: 'the squash merge of pull request #17' },
    ],
    [
      'a rebased commit, re-committed by the hosting service',
      { committer: GITHUB, committedAt: '2026-11-05T14:03:00Z' },
      { ok: true, kind: 'rebase' },
    ],
    [
      'a rebased commit, re-committed later by its own author',
      { committedAt: '2026-11-05T14:03:00Z' },
      { ok: true, kind: 'rebase' },
    ],
    [
      'a commit made directly on main',
      {},
      { ok: false, found: 'a commit made directly on main (committed by its author as authored)' },
    ],
    [
      "the repository's first commit",
      { parents: [], subject: 'Start (#7)' },
      { ok: false, found: "the repository's first commit" },
    ],
  ])('%s', (_name, over, expected) => {
    expect(landingOf(commit(over), 7)).toEqual(expected);
  });
});
