/**
 * A packet's life in real git: a remote, a PR branch merged into main, the recorder run against
 * the remote, and a clone to audit. Shared by the audit and recorder tests.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runAudit } from '../../scripts/cli/audit.js';
import type { CommandIo } from '../../scripts/cli/io.js';
import type { AuditReport } from '../../scripts/core/history/audit-types.js';
import type { Approval } from '../../scripts/core/packet/packet.js';
import { recordDecision, type DecisionOutcome } from '../../scripts/io/git-record.js';
import { EVIDENCE_PATH, EVIDENCE_TEXT, PACKET_PATH, PACKET_TEXT } from '../core/history/fixture.js';
import { cloneRepo, createRepo, type FileMap, type TestRepo } from '../../scripts/dev/git-repo.js';

export interface Scenario {
  remote: TestRepo;
  work: TestRepo;
  runner: TestRepo;
  cleanup(): void;
}

/** A bare remote with one commit on main, a working clone and a recorder clone. */
export function newScenario(): Scenario {
  const remote = createRepo({ bare: true });
  const seed = cloneRepo(remote.dir);
  seed.commit(
    'Start the repository',
    { 'README.md': '# packets\n' },
    { date: '2026-11-01T09:00:00+00:00' },
  );
  seed.git('push', '-q', 'origin', 'HEAD:main');
  seed.cleanup();
  const work = cloneRepo(remote.dir);
  const runner = cloneRepo(remote.dir);
  return {
    remote,
    work,
    runner,
    cleanup: () => [remote, work, runner].forEach((r) => r.cleanup()),
  };
}

/**
 * Opens a PR branch from main with `files` and lands it as pull request `pr` the way GitHub
 * does: a merge commit `Merge pull request #N from ...`, or a squash commit ending `(#N)`;
 * then pushes main.
 */
export function mergePullRequest(
  s: Scenario,
  pr: number,
  branch: string,
  files: FileMap,
  options: { squash?: boolean; date?: string; message?: string } = {},
): { head: string; merge: string } {
  const date = options.date ?? '2026-11-03T10:00:00+00:00';
  s.work.git('fetch', '-q', 'origin');
  s.work.git('checkout', '-q', '-B', branch, 'origin/main');
  const head = s.work.commit(options.message ?? `File ${branch}`, files, {
    date,
    author: 'Pat Submitter',
  });
  s.work.git('checkout', '-q', '-B', 'main', 'origin/main');
  if (options.squash === true) {
    s.work.git('merge', '-q', '--squash', branch);
    s.work.commit(`${options.message ?? branch} (#${pr})`, {}, { date });
  } else {
    s.work.git('merge', '-q', '--no-ff', '--no-commit', branch);
    s.work.commit(`Merge pull request #${pr} from example-org/${branch}`, {}, { date });
  }
  s.work.git('push', '-q', 'origin', 'main');
  return { head, merge: s.work.head() };
}

/** How a hosted rebase merge writes its commits: one new committer, one commit time. */
export const REBASED = {
  GIT_COMMITTER_NAME: 'GitHub',
  GIT_COMMITTER_EMAIL: 'noreply@github.com',
  GIT_COMMITTER_DATE: '2026-11-04T12:00:00+00:00',
};

/**
 * Opens a PR branch with one commit per entry of `steps` and lands it the way a hosted rebase
 * merge does: re-committed onto main under `REBASED`, fast-forwarded. Returns the landed shas.
 */
export function rebasePullRequest(s: Scenario, branch: string, steps: FileMap[]): string[] {
  s.work.git('fetch', '-q', 'origin');
  s.work.git('checkout', '-q', '-B', branch, 'origin/main');
  for (const [k, files] of steps.entries()) {
    s.work.commit(`${branch}, part ${k + 1}`, files, { author: 'Pat Submitter' });
  }
  s.work.gitEnv(REBASED, 'rebase', '-q', '--force-rebase', 'origin/main');
  const landed = s.work.git('rev-list', '--reverse', `origin/main..${branch}`).trim().split('\n');
  s.work.git('checkout', '-q', '-B', 'main', 'origin/main');
  s.work.git('merge', '-q', '--ff-only', branch);
  s.work.git('push', '-q', 'origin', 'main');
  return landed;
}

/** Two approvals for the PR head: the owner team and finance. */
export function twoApprovals(head: string): Approval[] {
  return [
    {
      login: 'ada',
      name: 'Ada Lovelace',
      group: '@org/ml-platform',
      reviewed_commit: head,
      submitted_at: '2026-11-04T09:00:00Z',
    },
    {
      login: 'fin-bob',
      name: 'Bob | Finance; EU',
      group: '@org/finance',
      reviewed_commit: head,
      submitted_at: '2026-11-04T10:00:00Z',
    },
  ];
}

/** Runs the recorder for an approved PR on the runner clone. */
export function recordMerge(
  s: Scenario,
  pr: number,
  merge: string,
  packets: { path: string; approvals: Approval[] }[],
  via: 'push' | 'pull-request' = 'push',
): Promise<DecisionOutcome> {
  s.runner.git('fetch', '-q', 'origin');
  return recordDecision({
    dir: s.runner.dir,
    remote: 'origin',
    branch: 'main',
    decision: 'approved',
    pullRequest: pr,
    decidedCommit: merge,
    decidedAt: '2026-11-05T14:03:00+00:00',
    packets,
    committer: { name: 'packet-recorder', email: 'recorder@test.invalid' },
    via,
  });
}

/** Files the example packet with its evidence, merges it as PR 7 and records two approvals. */
export async function approvedPacket(s: Scenario): Promise<{ head: string; merge: string }> {
  const pr = mergePullRequest(s, 7, 'file-packet', {
    [PACKET_PATH]: PACKET_TEXT,
    [EVIDENCE_PATH]: EVIDENCE_TEXT,
  });
  await recordMerge(s, 7, pr.merge, [{ path: PACKET_PATH, approvals: twoApprovals(pr.head) }]);
  s.work.git('fetch', '-q', 'origin');
  s.work.git('checkout', '-q', '-B', 'main', 'origin/main');
  return pr;
}

/** Runs `packet audit --format json` in `dir`; returns the exit code and parsed report. */
export async function audit(
  dir: string,
  ...args: string[]
): Promise<{ code: number; report: AuditReport; out: string }> {
  let out = '';
  const io: CommandIo = {
    cwd: dir,
    env: {},
    stdout: (t) => (out += `${t}\n`),
    stderr: () => {},
    isTTY: false,
  };
  const code = await runAudit(['--format', 'json', '--today', '2026-11-20', ...args], io);
  return { code, report: JSON.parse(out) as AuditReport, out };
}

/** Runs the audit in another format; returns exit code and text. */
export async function auditText(
  dir: string,
  ...args: string[]
): Promise<{ code: number; out: string }> {
  let out = '';
  const io: CommandIo = {
    cwd: dir,
    env: {},
    stdout: (t) => (out += `${t}\n`),
    stderr: () => {},
    isTTY: false,
  };
  return { code: await runAudit(['--today', '2026-11-20', ...args], io), out };
}

/**
 * Merges PR 7 with the fixture packet and its export, fetches it into the recorder clone, and
 * writes the approval plan the record workflow would hand to `packet record`; returns its path.
 */
export function writeApprovedPlan(s: Scenario): string {
  const pr = mergePullRequest(s, 7, 'p', {
    [PACKET_PATH]: PACKET_TEXT,
    [EVIDENCE_PATH]: EVIDENCE_TEXT,
  });
  s.runner.git('fetch', '-q', 'origin');
  const plan = {
    decision: 'approved',
    pullRequest: 7,
    decidedCommit: pr.merge,
    decidedAt: '2026-11-05T14:03:00+00:00',
    packets: [{ path: PACKET_PATH, approvals: twoApprovals(pr.head) }],
  };
  const file = path.join(s.runner.dir, '.git', 'plan.json');
  writeFileSync(file, JSON.stringify(plan));
  return file;
}
