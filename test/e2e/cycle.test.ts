import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditFreshClone } from '../../scripts/demo/audit.js';
import { createDemoRepository, type DemoRepository } from '../../scripts/demo/demo-repository.js';
import { correctBudget, filePacket } from '../../scripts/demo/file-packet.js';
import { runGate, type GateOutcome } from '../../scripts/demo/gate.js';
import {
  closePull,
  mergePull,
  openPull,
  pushChange,
  submitReview,
  type DemoPull,
} from '../../scripts/demo/pull-request.js';
import { runRecorder } from '../../scripts/demo/record.js';
import { WHEN } from '../../scripts/demo/scenario.js';
import { buildDist, ROOT } from '../../scripts/dev/github-stand-in/run-entry.js';

const PACKET = 'packets/ml-platform/EXC-2026-12-02-ML-PLATFORM.yaml';
const ID = 'EXC-2026-12-02-ML-PLATFORM';
const REASON = 'The re-index was planned in October; raise the budget instead of an exception.';

let repo: DemoRepository | undefined;
let pull: DemoPull | undefined;

async function filedAndOpened(): Promise<DemoPull> {
  repo = createDemoRepository(ROOT);
  const filed = await filePacket(ROOT, repo);
  expect([filed.draft.code, filed.validation.code, filed.packetPath]).toEqual([0, 0, PACKET]);
  pull = await openPull(repo, filed.branch);
  return pull;
}

/** The gate's result in the shape the steps are asserted in. */
function result(outcome: GateOutcome) {
  return {
    exitCode: outcome.exitCode,
    conclusion: outcome.conclusion,
    passed: outcome.verdict.passed,
    waiting: outcome.waiting,
  };
}

const failing = (waiting: string[]) => ({
  exitCode: 1,
  conclusion: 'failure',
  passed: false,
  waiting,
});
const passing = { exitCode: 0, conclusion: 'success', passed: true, waiting: [] };

describe('the whole cycle: file, sign off, merge, record, audit', () => {
  beforeAll(buildDist, 180_000);
  afterEach(async () => {
    await pull?.api.close();
    if (repo !== undefined) rmSync(repo.root, { recursive: true, force: true });
    pull = undefined;
    repo = undefined;
  });

  it('records a packet the owner team and finance approved, twice over a correction', async () => {
    const pr = await filedAndOpened();
    const gate = async (event: Parameters<typeof runGate>[2]) =>
      result(await runGate(ROOT, pr, event));
    const approve = (login: string) => ({ review: submitReview(pr, login) });

    // 1. Opened, then finance, then the owner team.
    expect(await gate({ action: 'opened' })).toEqual(failing(['ml-platform', 'finance']));
    expect(await gate(approve('fiona'))).toEqual(failing(['ml-platform']));
    expect(await gate(approve('mia'))).toEqual(passing);

    // 2. The submitter corrects the budget: both approvals are void until given again.
    const file = path.join(pr.repo.work.dir, PACKET);
    const edit = () => writeFileSync(file, correctBudget(readFileSync(file, 'utf8'), '1900.00'));
    const corrected = pushChange(pr, 'Correct the budget', edit, WHEN.corrected);
    const voided = await runGate(ROOT, pr, { action: 'synchronize' });
    expect(result(voided)).toEqual(failing(['ml-platform', 'finance']));
    expect(voided.table).toMatch(/approval by mia on [0-9a-f]{7} is void/);
    submitReview(pr, 'fiona');
    expect(await gate(approve('mia'))).toEqual(passing);

    // 3. Merged and recorded on main with trailers.
    const merge = mergePull(pr);
    const recorded = await runRecorder(ROOT, pr);
    expect(recorded.exitCode).toBe(0);
    expect(pr.repo.origin.git('rev-parse', 'main^').trim()).toBe(merge);
    expect(recorded.trailers).toMatchObject({
      'Approved-by': ['mia <mia> (ml-platform)', 'fiona <fiona> (finance)'],
      'Reviewed-commit': [corrected, corrected],
      'Pull-request': ['#1'],
    });

    // 4. What a fresh clone shows: the packet as approved, the ledger row, a clean audit.
    const audited = await auditFreshClone(pr.repo, PACKET);
    expect(audited.packet).toMatchObject({
      budget_amount: '1900.00',
      overage_amount: '162.35',
      overage_pct_above_threshold: '8.54',
      packet_status: 'approved',
      approver_name: 'mia (ml-platform); fiona (finance)',
      approved_at: WHEN.merged,
      approval_record: { pull_request: 1, decided_commit: merge, version: 1 },
    });
    const approvals = audited.packet?.approvals as { login: string; reviewed_commit: string }[];
    expect(approvals.map((a) => [a.login, a.reviewed_commit])).toEqual([
      ['mia', corrected],
      ['fiona', corrected],
    ]);
    const cells = audited.ledgerRow?.split('|').map((cell) => cell.trim());
    expect(cells?.slice(1, 7)).toEqual([
      ID,
      'ml-platform',
      '2026-11-01 to 2026-11-30',
      '162.35 USD',
      'approved',
      'mia (ml-platform); fiona (finance)',
    ]);
    expect(audited.ledgerCheck.code).toBe(0);
    expect(
      audited.report?.packets.map((p) => [p.packetId, p.status, p.result, p.findings]),
    ).toEqual([[ID, 'approved', 'clean', []]]);
    expect(audited.audit.code).toBe(0);
    expect(pr.api.violations).toEqual([]);
    expect(pr.api.unhandled).toEqual([]);
  });

  it('records a packet denied when finance requested changes and the PR was closed', async () => {
    const pr = await filedAndOpened();
    submitReview(pr, 'mia');
    const review = submitReview(pr, 'fiona', 'CHANGES_REQUESTED', REASON);

    const gated = await runGate(ROOT, pr, { review });
    expect(result(gated)).toEqual(failing(['finance']));

    closePull(pr);
    const recorded = await runRecorder(ROOT, pr);
    expect(recorded.exitCode).toBe(0);
    expect(recorded.trailers).toMatchObject({
      'Denied-by': ['fiona <fiona> (finance)'],
      'Pull-request': ['#1'],
    });

    const audited = await auditFreshClone(pr.repo, PACKET);
    expect(audited.packet).toMatchObject({ packet_status: 'denied', denial_reason: REASON });
    expect(audited.ledgerRow).toMatch(/\| denied \|/);
    expect(audited.ledgerCheck.code).toBe(0);
    expect(audited.report?.packets.map((p) => [p.packetId, p.status, p.result])).toEqual([
      [ID, 'denied', 'clean'],
    ]);
    expect(audited.audit.code).toBe(0);
    expect(pr.api.violations).toEqual([]);
  });
});

describe('npm run demo', () => {
  beforeAll(buildDist, 180_000);

  it('runs the built demo to exit 0, its last line naming the temp repository', async () => {
    const entry = path.join(ROOT, 'dist/scripts/demo/run-demo.js');
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [entry], { cwd: ROOT }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const last = run.stdout.trimEnd().split('\n').at(-1) ?? '';
    const root = /^Temp repository: (\S+)/.exec(last)?.[1];
    expect(root).toBeDefined();
    expect(existsSync(path.join(root!, 'origin.git', 'HEAD'))).toBe(true);
    expect(run.stdout).toContain('gate passes');
    rmSync(root!, { recursive: true, force: true });
  }, 120_000);
});
