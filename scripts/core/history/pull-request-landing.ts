/**
 * Whether a commit on main has the shape of a pull request landing, read from the commit alone.
 * GitHub lands a pull request in one of three ways, and each leaves its mark in git:
 *
 * - a merge commit: two parents, subject `Merge pull request #N from <owner>/<branch>`;
 * - a squash merge: one commit, one parent, its subject ending ` (#N)` (GitHub's default title);
 * - a rebase merge: the pull request's commits re-committed onto main, none of them a merge and
 *   none naming the pull request. GitHub always rewrites their committer (the person merging,
 *   or its own `GitHub <noreply@github.com>` identity) and commit time, and keeps the author.
 *   So the last of them, the one a record names, must show that rewrite: a committer or commit
 *   time that differs from its author's. A commit made in place on main has the same person and
 *   the same moment on both sides. A rebase carries no pull request number, so only its shape
 *   can be checked; and like any shape it shows how a commit was made, not who made it.
 */
import type { LogCommit } from './git-log.js';

/** How a pull request landed. */
export type LandingKind = 'merge' | 'squash' | 'rebase';

/** The landing a commit shows, or what it is instead (a phrase to finish "the commit is …"). */
export type Landing = { ok: true; kind: LandingKind } | { ok: false; found: string };

const MERGE_SUBJECT = /^Merge pull request #([0-9]+) from \S/;
const SQUASH_SUFFIX = /\(#([0-9]+)\)$/;

/** Reads whether `commit` lands pull request `pullRequest`. */
export function landingOf(commit: LogCommit, pullRequest: number): Landing {
  // 1. A merge commit names its pull request in GitHub's subject.
  if (commit.parents.length > 1) {
    const merged = MERGE_SUBJECT.exec(commit.subject);
    if (merged === null) {
      return { ok: false, found: 'a merge commit whose subject is not "Merge pull request #N"' };
    }
    return Number(merged[1]) === pullRequest
      ? { ok: true, kind: 'merge' }
      : { ok: false, found: `the merge of pull request #${merged[1]}` };
  }
  if (commit.parents.length === 0) return { ok: false, found: "the repository's first commit" };

  // 2. A squash commit names its pull request at the end of its subject.
  const squashed = SQUASH_SUFFIX.exec(commit.subject.trimEnd());
  if (squashed !== null) {
    return Number(squashed[1]) === pullRequest
      ? { ok: true, kind: 'squash' }
      : { ok: false, found: `the squash merge of pull request #${squashed[1]}` };
  }

  // 3. Otherwise only a rebase merge is left, and it re-commits what it lands.
  const author = `${commit.author} <${commit.authorEmail}>`;
  const recommitted = commit.committer !== author || commit.committedAt !== commit.authoredAt;
  return recommitted
    ? { ok: true, kind: 'rebase' }
    : {
        ok: false,
        found: 'a commit made directly on main (committed by its author as authored)',
      };
}
