/**
 * The one-pass history the audit reads: `git log` with raw diffs, NUL separated, parsed into
 * commits. The format and its parser live together so they cannot drift apart.
 */

/** A file change in a commit, against its first parent. */
export interface FileChange {
  /** A added, M modified, D deleted, R renamed, C copied, T type changed. */
  status: 'A' | 'M' | 'D' | 'R' | 'C' | 'T';
  path: string;
  /** The path before a rename or copy. */
  fromPath?: string;
  /** Blob ids before and after; the all-zero id stands for "no file". */
  oldBlob: string;
  newBlob: string;
}

export interface LogCommit {
  sha: string;
  parents: string[];
  /** Committer date, ISO-8601 with the committer's offset. */
  committedAt: string;
  /** `Name <email>` of the committer: a hosted rebase merge writes one for all its commits. */
  committer: string;
  /** The author's name (the timeline shows it). */
  author: string;
  /** The author's email, to tell a re-committed (rebased) commit from one made in place. */
  authorEmail: string;
  /** Author date, ISO-8601 with the author's offset. */
  authoredAt: string;
  subject: string;
  /** Trailer block as `%(trailers:only,unfold)` prints it. */
  trailers: string;
  changes: FileChange[];
}

/** The blob id git uses for "no file on this side". */
export const NO_BLOB = '0000000000000000000000000000000000000000';

/** Header fields, in order; each is followed by a NUL in the output. */
const FORMAT = [
  '%H',
  '%P',
  '%cI',
  '%cN <%cE>',
  '%aN',
  '%aE',
  '%aI',
  '%s',
  '%(trailers:only,unfold)',
];

/**
 * Arguments for `git log` that produce what `parseGitLog` reads: first-parent history (each
 * merge diffed against main as it was), renames detected, full blob ids.
 */
export function gitLogArgs(ref: string): string[] {
  return [
    'log',
    '--first-parent',
    '--diff-merges=first-parent',
    '--raw',
    '--no-abbrev',
    '-M',
    '-z',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    `--format=${FORMAT.join('%x00')}`,
    ref,
    '--',
  ];
}

/**
 * Parses `git log` output made with `gitLogArgs`; newest commit first, as git prints it. One
 * scan over the NUL-separated tokens; a raw entry is read by position, not split.
 */
export function parseGitLog(output: string): LogCommit[] {
  const tokens = output.split('\0');
  const commits: LogCommit[] = [];
  let i = 0;

  while (i < tokens.length) {
    const sha = stripNewlines(tokens[i]!);
    if (sha === '') {
      i += 1;
      continue;
    }

    const parents = tokens[i + 1] ?? '';
    const commit: LogCommit = {
      sha,
      parents: parents === '' ? [] : parents.split(' '),
      committedAt: tokens[i + 2] ?? '',
      committer: tokens[i + 3] ?? '',
      author: tokens[i + 4] ?? '',
      authorEmail: tokens[i + 5] ?? '',
      authoredAt: tokens[i + 6] ?? '',
      subject: tokens[i + 7] ?? '',
      trailers: tokens[i + 8] ?? '',
      changes: [],
    };
    i += FORMAT.length;

    // Raw entries: ":<mode> <mode> <old> <new> <status>" then one path, or two for R and C.
    for (let meta = rawEntry(tokens[i]); meta !== undefined; meta = rawEntry(tokens[i])) {
      const change = readRawEntry(meta, tokens, i);
      i += change.fromPath === undefined ? 2 : 3;
      commit.changes.push(change);
    }

    commits.push(commit);
  }

  return commits;
}

/** The raw entry in `token` (without git's leading newline), or undefined when it is none. */
function rawEntry(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  const meta = token.charCodeAt(0) === 10 ? stripNewlines(token) : token;
  return meta.charCodeAt(0) === 58 ? meta : undefined;
}

function readRawEntry(meta: string, tokens: readonly string[], i: number): FileChange {
  // The two ids and the status are the last three space-separated fields.
  const statusAt = meta.lastIndexOf(' ');
  const newAt = meta.lastIndexOf(' ', statusAt - 1);
  const oldAt = meta.lastIndexOf(' ', newAt - 1);
  const status = (meta.charAt(statusAt + 1) || 'M') as FileChange['status'];
  const change: FileChange = {
    status,
    path: tokens[i + 1] ?? '',
    oldBlob: oldAt < 0 ? NO_BLOB : meta.slice(oldAt + 1, newAt),
    newBlob: newAt < 0 ? NO_BLOB : meta.slice(newAt + 1, statusAt),
  };
  if (status === 'R' || status === 'C') {
    change.fromPath = change.path;
    change.path = tokens[i + 2] ?? '';
  }
  return change;
}

/** Git puts a newline between a commit's header and its raw block; it is not data. */
function stripNewlines(token: string): string {
  let start = 0;
  while (token.charCodeAt(start) === 10) start += 1;
  return start === 0 ? token : token.slice(start);
}
