/**
 * The repository state a test seeds the stand-in with. The stand-in reads it for every answer
 * and writes check runs, comments, branches, files and pull requests back into it, so a second
 * run sees the first run's writes.
 */

/** A user or bot as the API lists it. */
export interface SeedUser {
  login: string;
  type?: 'User' | 'Bot' | 'Organization';
}

export interface SeedFileChange {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  previous_filename?: string;
}

export interface SeedReview {
  id?: number;
  user: SeedUser;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  commitId: string;
  submittedAt: string;
  body?: string;
}

export interface SeedComment {
  id: number;
  user: SeedUser;
  body: string;
}

export interface SeedCheckRun {
  id: number;
  name: string;
  headSha: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  title: string | null;
  summary: string | null;
  text: string | null;
}

/** A pull request opened through the API (the sign-off tests seed `pull` instead). */
export interface SeedPull {
  number: number;
  title: string;
  body: string | null;
  /** Branch names. */
  head: string;
  base: string;
  draft: boolean;
  state: 'open' | 'closed';
  /** Team slugs requested as reviewers. */
  teamReviewers: string[];
  author: SeedUser;
}

/** An issue, or a pull request as the issues list shows it (`pullRequest`). */
export interface SeedIssue {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason?: 'completed' | 'reopened' | 'not_planned' | 'duplicate';
  user: SeedUser;
  pullRequest?: boolean;
}

/** Git tree modes the stand-in knows besides a plain file (100644). */
export type SeedMode = '100755' | '120000' | '160000';

/** Members of a team, or the status the API answers when the token cannot read it. */
export type SeedTeam = string[] | 403 | 404;

/** A person's public profile (`name` null when they set none), or the status the API answers. */
export type SeedProfile = { name: string | null } | 403 | 404;

export interface RepoState {
  owner: string;
  repo: string;
  /** Files of each commit, by commit id then path (text; contents API serves it base64). */
  commits: Record<string, Record<string, string>>;
  /**
   * Tree entries that are not plain files, by commit id then path: a symlink (its text in
   * `commits` is the link target) or a submodule (its text is the submodule's commit id).
   */
  modes?: Record<string, Record<string, SeedMode>>;
  pull: {
    number: number;
    author: SeedUser;
    headSha: string;
    baseSha: string;
    title?: string;
    /** Set once the pull request is closed: when, and the merge commit if it was merged. */
    closed?: { at: string; mergeCommit?: string };
  };
  files: SeedFileChange[];
  reviews: SeedReview[];
  /** Keyed `org/slug`. */
  teams: Record<string, SeedTeam>;
  /** Profiles by login, lower-cased; a login not listed has no account (404). */
  users?: Record<string, SeedProfile>;
  comments: SeedComment[];
  checkRuns: SeedCheckRun[];
  /** Branch name to commit id (keys of `commits`). */
  refs: Record<string, string>;
  /** A bare repository whose branches, pushed with git, the API knows too (`branchSha`). */
  gitRemote?: string;
  /** Pull requests opened through the API, numbered after `pull`. */
  pulls: SeedPull[];
  /** Issues listed, opened and edited through the API (the reminder's). */
  issues?: SeedIssue[];
  /** The identity the token belongs to; writes are made as this user. */
  tokenUser: SeedUser;
  token: string;
}

/** A state with sensible defaults; tests override what they exercise. */
export function repoState(overrides: Partial<RepoState> & Pick<RepoState, 'pull'>): RepoState {
  return {
    owner: 'acme',
    repo: 'cost-exceptions',
    commits: {},
    files: [],
    reviews: [],
    teams: {},
    comments: [],
    checkRuns: [],
    refs: {},
    pulls: [],
    issues: [],
    tokenUser: { login: 'github-actions[bot]', type: 'Bot' },
    token: 'stand-in-token',
    ...overrides,
  };
}
