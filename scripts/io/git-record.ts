/**
 * The recorder's git shell: writes the decision for each packet of a closed PR on top of the
 * remote branch, one commit per packet, and pushes. A rejected push (another merge won the race)
 * fetches, rebuilds the commits on the new tip and tries again; nothing reaches the remote
 * unless the whole push succeeds. In pull-request mode the same commits go to the recorder's own
 * branch `record/pr-<N>` instead, for a pull request to land them.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { LEDGER_PATH, renderLedger } from '../core/history/ledger.js';
import { readPacketData } from '../core/history/packet-yaml.js';
import { recordApproval, recordDenial } from '../core/history/record-approval.js';
import { formatRecordMessage, type RecordTrailers } from '../core/history/trailers.js';
import type { Approval } from '../core/packet/packet.js';
import { gitClient } from './git.js';
import { readPacketFiles } from './packet-files.js';

export interface DecisionPlan {
  dir: string;
  remote: string;
  branch: string;
  decision: 'approved' | 'denied';
  pullRequest: number;
  /** Merge commit (approved) or PR head (denied); must be present in `dir`. */
  decidedCommit: string;
  decidedAt: string;
  packets: { path: string; approvals: Approval[]; reason?: string }[];
  committer: { name: string; email: string };
  maxAttempts?: number;
  /**
   * `push` (default) writes on `branch`; `pull-request` force-pushes the same commits, built on
   * `branch`, to `record/pr-<N>`, dated `decidedAt` so that a re-run makes the same commits.
   */
  via?: 'push' | 'pull-request';
}

export interface DecisionOutcome {
  /** Recording commits pushed, oldest first. */
  commits: string[];
  attempts: number;
  /** Packets already recorded (a re-run) or that could not be, with why. */
  skipped: { path: string; code: string; message: string }[];
  /** The branch the commits were pushed to; absent when nothing was pushed. */
  pushedTo?: string;
}

/** The recorder's own branch for the record of pull request `pullRequest`. */
export function recordBranch(pullRequest: number): string {
  return `record/pr-${pullRequest}`;
}

/** Records the decision on the remote branch; returns what was pushed. */
export async function recordDecision(plan: DecisionPlan): Promise<DecisionOutcome> {
  const viaPull = plan.via === 'pull-request';
  // A pull-request re-run must rebuild the very commits already on the branch: fix their dates.
  const dates: Record<string, string> = viaPull
    ? { GIT_AUTHOR_DATE: plan.decidedAt, GIT_COMMITTER_DATE: plan.decidedAt }
    : {};
  const git = gitClient(plan.dir, {
    GIT_AUTHOR_NAME: plan.committer.name,
    GIT_AUTHOR_EMAIL: plan.committer.email,
    GIT_COMMITTER_NAME: plan.committer.name,
    GIT_COMMITTER_EMAIL: plan.committer.email,
    ...dates,
  });
  const max = viaPull ? 1 : (plan.maxAttempts ?? 5);

  for (let attempt = 1; attempt <= max; attempt += 1) {
    // 1. Start from the remote tip, whatever happened locally before.
    await git.fetch(plan.remote, plan.branch);
    await git.raw(['checkout', '-q', '-B', plan.branch, `${plan.remote}/${plan.branch}`]);
    await git.raw(['reset', '-q', '--hard', `${plan.remote}/${plan.branch}`]);

    // 2. One commit per packet that still needs its record.
    const commits: string[] = [];
    const skipped: DecisionOutcome['skipped'] = [];
    for (const packet of plan.packets) {
      const result = await recordOne(plan, packet);
      if ('skip' in result) {
        skipped.push({ path: packet.path, ...result.skip });
        continue;
      }
      await git.raw(['add', '--', packet.path, LEDGER_PATH, ...result.extra]);
      await git.raw(['commit', '-q', '--allow-empty', '--no-verify', '-m', result.message]);
      commits.push((await git.raw(['rev-parse', 'HEAD'])).trim());
    }
    if (commits.length === 0) return { commits, attempts: attempt, skipped };

    // 3. The recorder's own branch takes the commits whatever it held: nobody else writes it.
    if (viaPull) {
      const target = recordBranch(plan.pullRequest);
      await git.raw(['push', '--porcelain', plan.remote, `+HEAD:refs/heads/${target}`]);
      return { commits, attempts: attempt, skipped, pushedTo: target };
    }

    // 4. Push; a non-fast-forward means another record landed first: rebuild on top of it.
    try {
      await git.raw(['push', '--porcelain', plan.remote, `HEAD:refs/heads/${plan.branch}`]);
      return { commits, attempts: attempt, skipped, pushedTo: plan.branch };
    } catch (error) {
      if (!isRejected(error) || attempt === max) throw error;
    }
  }
  throw new Error('unreachable');
}

type OneResult = { message: string; extra: string[] } | { skip: { code: string; message: string } };

async function recordOne(
  plan: DecisionPlan,
  packet: DecisionPlan['packets'][number],
): Promise<OneResult> {
  const git = gitClient(plan.dir);
  const show = (spec: string): Promise<string | undefined> =>
    git.raw(['show', spec]).then(
      (t) => t,
      () => undefined,
    );
  const blob = (spec: string): Promise<string | undefined> =>
    git.raw(['rev-parse', '--verify', '--quiet', spec]).then(
      (t) => t.trim() || undefined,
      () => undefined,
    );

  // 1. The packet as decided, its blob and the blobs of its evidence at the decided commit.
  const decidedText = await show(`${plan.decidedCommit}:${packet.path}`);
  const packetBlob = await blob(`${plan.decidedCommit}:${packet.path}`);
  if (decidedText === undefined || packetBlob === undefined) {
    return {
      skip: {
        code: 'RECORD_PACKET_NOT_IN_DECISION',
        message: `${packet.path} is not in ${plan.decidedCommit}`,
      },
    };
  }
  const data = readPacketData(decidedText) ?? {};
  const evidence = Array.isArray(data.evidence) ? (data.evidence as { path?: unknown }[]) : [];
  const evidenceBlobs: Record<string, string> = {};
  for (const e of evidence) {
    if (typeof e.path !== 'string') continue;
    const id = await blob(`${plan.decidedCommit}:${e.path}`);
    if (id !== undefined) evidenceBlobs[e.path] = id;
  }

  // 2. The text to edit: main's copy, or for a denied new packet the PR's copy and its evidence.
  const full = join(plan.dir, packet.path);
  const onMain = await readFile(full, 'utf8').catch(() => undefined);
  const extra: string[] = [];
  const facts = {
    pullRequest: plan.pullRequest,
    decidedCommit: plan.decidedCommit,
    decidedAt: plan.decidedAt,
    packetBlob,
    evidenceBlobs,
  };
  let base = onMain;
  if (base === undefined && plan.decision === 'denied') {
    base = decidedText;
    for (const path of Object.keys(evidenceBlobs)) {
      const bytes = (await git.binaryCatFile(['blob', evidenceBlobs[path]!])) as Buffer;
      await mkdir(dirname(join(plan.dir, path)), { recursive: true });
      await writeFile(join(plan.dir, path), bytes);
      extra.push(path);
    }
  }
  if (base === undefined) {
    return {
      skip: {
        code: 'RECORD_PACKET_NOT_ON_MAIN',
        message: `${packet.path} is no longer on ${plan.branch}; record it by hand in a PR`,
      },
    };
  }

  // 3. A denied amendment leaves the approved packet alone: the commit's trailers record it.
  const mainData = readPacketData(base);
  const amendmentDenied =
    plan.decision === 'denied' && onMain !== undefined && mainData?.packet_status === 'approved';
  const result = amendmentDenied
    ? { ok: true as const, text: base }
    : plan.decision === 'approved'
      ? recordApproval(base, { ...facts, approvals: packet.approvals })
      : recordDenial(base, { ...facts, reason: packet.reason ?? '' });
  if (!result.ok) return { skip: { code: result.code, message: result.message } };
  if (result.text === onMain && (!amendmentDenied || (await alreadyNoted(plan)))) {
    return {
      skip: {
        code: 'RECORD_ALREADY_WRITTEN',
        message: `${packet.path} already holds this decision`,
      },
    };
  }

  // 4. Write the packet and the regenerated ledger; the message carries the trailers.
  await writeFile(full, result.text);
  const ledger = renderLedger(await readPacketFiles(plan.dir));
  await mkdir(dirname(join(plan.dir, LEDGER_PATH)), { recursive: true });
  await writeFile(join(plan.dir, LEDGER_PATH), ledger);
  const recorded = readPacketData(result.text)?.approval_record as { version?: number } | undefined;
  const trailers: RecordTrailers = {
    decision: plan.decision,
    packetId: typeof data.exception_packet_id === 'string' ? data.exception_packet_id : packet.path,
    pullRequest: plan.pullRequest,
    decidedCommit: plan.decidedCommit,
    version: amendmentDenied ? deniedVersion(mainData) : (recorded?.version ?? 1),
    approvals: packet.approvals.map((a) => ({
      name: a.name ?? a.login,
      login: a.login,
      group: a.group,
      reviewedCommit: a.reviewed_commit,
    })),
  };
  return { message: formatRecordMessage(trailers), extra };
}

/** A denied amendment would have been the next version after the approved one. */
function deniedVersion(data: Record<string, unknown> | undefined): number {
  const record = data?.approval_record as { version?: unknown } | undefined;
  return typeof record?.version === 'number' ? record.version + 1 : 1;
}

async function alreadyNoted(plan: DecisionPlan): Promise<boolean> {
  const log = await gitClient(plan.dir).raw([
    'log',
    '--format=%(trailers:key=Pull-request,valueonly)',
    '-n',
    '500',
  ]);
  return log.split('\n').some((line) => line.trim() === `#${plan.pullRequest}`);
}

function isRejected(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /rejected|non-fast-forward|fetch first|failed to push/i.test(text);
}
