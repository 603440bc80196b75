/**
 * `packet audit [EXC-id] [--format markdown|json|csv] [--today YYYY-MM-DD] [--ref REF]`:
 * re-performs every record from git history. Exit 1 when any check fails or history cannot be
 * checked.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';

import {
  approvedBlobs,
  auditHistory,
  blobsToRead,
  unreachedCommits,
} from '../core/history/audit.js';
import { renderAudit, type AuditFormat } from '../core/history/render-audit.js';
import { isCalendarDate } from '../core/calendar.js';
import { UsageError } from '../core/errors.js';
import { commitsPresent, readHistory } from '../io/git.js';
import { readPacketBlobs, treePacketBlobs, type PacketsByBlob } from '../io/packet-blobs.js';
import { EXIT, type CommandIo } from './io.js';

const execFileAsync = promisify(execFile);

const FORMATS: readonly AuditFormat[] = ['markdown', 'json', 'csv'];
const POLICY_PATH = '.github/packet-policy.yml';

/** Runs the audit command; returns the exit code. */
export async function runAudit(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'markdown' },
      today: { type: 'string' },
      ref: { type: 'string', default: 'HEAD' },
    },
  });
  const format = values.format as AuditFormat;
  if (!FORMATS.includes(format)) {
    throw new UsageError(`unknown --format ${values.format}`, 'use markdown, json or csv');
  }
  const today = values.today ?? localToday();
  if (!isCalendarDate(today)) {
    throw new UsageError(
      `--today must be a calendar date YYYY-MM-DD, not ${JSON.stringify(today)}`,
      'run `packet audit --today 2026-11-04`, or leave --today out for today',
    );
  }
  if (positionals.length > 1) throw new UsageError('audit takes at most one packet id');
  if (values.ref.startsWith('-')) throw new UsageError(`--ref ${values.ref} is not a ref`);

  await requireGitRepository(io.cwd);
  await requireCommit(io.cwd, values.ref);

  // 1. One pass over history and, while git log runs, the packets on the tip and the versions
  //    their records approved. Then whatever else the checks need: every packet as it is now,
  //    and before and after each recording commit. Each blob is read and parsed once.
  const progress = io.isTTY ? (text: string) => io.stderr(text) : () => {};
  progress('packet audit: reading history…');
  const packets: PacketsByBlob = new Map();
  const early = async (): Promise<void> => {
    await readPacketBlobs(io.cwd, await treePacketBlobs(io.cwd, values.ref), packets);
    await readPacketBlobs(io.cwd, approvedBlobs(packets.values()), packets);
  };
  const [{ index, shallow }] = await Promise.all([readHistory(io.cwd, values.ref), early()]);
  progress(`packet audit: ${index.commits.length} commits read, checking packets…`);
  await readPacketBlobs(io.cwd, blobsToRead(index), packets);

  // 2. Commits the records name that first-parent history does not reach: gone or rewritten?
  const existing = await commitsPresent(io.cwd, unreachedCommits(index, packets));
  const policyText = await readFile(join(io.cwd, POLICY_PATH), 'utf8').catch(() => undefined);
  const report = auditHistory({
    index,
    packets,
    objects: { shallow, existing },
    policyText,
    today,
    ...(positionals[0] === undefined ? {} : { only: positionals[0] }),
  });

  io.stdout(renderAudit(report, format).replace(/\n$/, ''));
  return report.clean ? EXIT.ok : EXIT.findings;
}

/** Today in the local time zone: the audit's only reading of the clock. */
function localToday(): string {
  const now = new Date();
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The audit reads history alone: outside a git repository there is none to read. */
/** A ref that names no commit would audit an empty history and pass: it is refused instead. */
async function requireCommit(cwd: string, ref: string): Promise<void> {
  const found = await execFileAsync(
    'git',
    ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`],
    {
      cwd,
    },
  ).then(
    () => true,
    () => false,
  );
  if (!found) {
    throw new UsageError(
      `--ref ${ref} names no commit in this repository`,
      'give a branch, tag or commit that exists here (git log --oneline -1 REF shows it)',
    );
  }
}

async function requireGitRepository(cwd: string): Promise<void> {
  const inside = await execFileAsync('git', ['rev-parse', '--git-dir'], { cwd }).then(
    () => true,
    () => false,
  );
  if (!inside) {
    throw new UsageError(
      `${cwd} is not in a git repository, so there is no history to audit`,
      'run packet audit inside a clone of the packet repository',
    );
  }
}
