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
  author: string;
  subject: string;
  /** Trailer block as `%(trailers:only,unfold)` prints it. */
  trailers: string;
  changes: FileChange[];
}

/** The blob id git uses for "no file on this side". */
export const NO_BLOB = '0000000000000000000000000000000000000000';

/** Header fields, in order; each is followed by a NUL in the output. */
const FORMAT = ['%H', '%P', '%cI', '%aN', '%s', '%(trailers:only,unfold)'];

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

/** Parses `git log` output made with `gitLogArgs`; newest commit first, as git prints it. */
export function parseGitLog(output: string): LogCommit[] {
  const tokens = output.split('\0');
  const commits: LogCommit[] = [];
  let i = 0;

  while (i < tokens.length) {
    const sha = stripNewlines(tokens[i] ?? '');
    if (sha === '') {
      i += 1;
      continue;
    }

    const [parents = '', committedAt = '', author = '', subject = '', trailers = ''] = tokens.slice(
      i + 1,
      i + FORMAT.length,
    );
    const commit: LogCommit = {
      sha,
      parents: parents.split(' ').filter((p) => p !== ''),
      committedAt,
      author,
      subject,
      trailers,
      changes: [],
    };
    i += FORMAT.length;

    // Raw entries: ":<modes> <old> <new> <status>" then one path, or two for R and C.
    while (i < tokens.length && stripNewlines(tokens[i] ?? '').startsWith(':')) {
      const meta = stripNewlines(tokens[i] ?? '').split(' ');
      const status = (meta[4] ?? 'M').charAt(0) as FileChange['status'];
      const change: FileChange = {
        status,
        path: tokens[i + 1] ?? '',
        oldBlob: meta[2] ?? NO_BLOB,
        newBlob: meta[3] ?? NO_BLOB,
      };
      if (status === 'R' || status === 'C') {
        change.fromPath = change.path;
        change.path = tokens[i + 2] ?? '';
        i += 3;
      } else {
        i += 2;
      }
      commit.changes.push(change);
    }

    commits.push(commit);
  }

  return commits;
}

/** Git puts a newline between a commit's header and its raw block; it is not data. */
function stripNewlines(token: string): string {
  return token.replace(/^\n+/, '');
}
