import { afterEach, describe, expect, it } from 'vitest';

import { readPacketData } from '../../scripts/core/history/packet-yaml.js';
import {
  EVIDENCE_PATH,
  EVIDENCE_TEXT,
  PACKET_ID,
  PACKET_PATH,
  PACKET_TEXT,
} from '../core/history/fixture.js';
import { cloneRepo } from '../../scripts/dev/git-repo.js';
import {
  approvedPacket,
  audit,
  auditText,
  mergePullRequest,
  newScenario,
  recordMerge,
  twoApprovals,
  type Scenario,
} from './audit-scenario.js';

let s: Scenario;
afterEach(() => s?.cleanup());

const MOVED = 'packets/ml-platform/2026 Q4 é/EXC-2026-11-03-ML-PLATFORM.yaml';

function codes(report: Awaited<ReturnType<typeof audit>>['report']): string[][] {
  return report.packets.flatMap((p) => p.findings.map((f) => [f.code, f.kind]));
}

describe('packet audit across history', () => {
  it('follows an amendment that renames the packet into a spaced, non-ASCII folder', async () => {
    s = newScenario();
    await approvedPacket(s);
    const approved = s.work.git('show', `HEAD:${PACKET_PATH}`);
    const amended = mergePullRequest(s, 8, 'amend', {
      [PACKET_PATH]: null,
      [MOVED]: approved.replace('Cache retrieval results', 'Cache retrieval results; cap tokens'),
    });
    await recordMerge(s, 8, amended.merge, [
      { path: MOVED, approvals: twoApprovals(amended.head) },
    ]);
    s.work.git('pull', '-q', '--ff-only', 'origin', 'main');

    const record = readPacketData(s.work.git('show', `HEAD:${MOVED}`))!.approval_record;
    expect(record).toMatchObject({
      version: 2,
      previous_pull_request: 7,
      pull_request: 8,
      decided_commit: amended.merge,
    });
    const { code, report } = await audit(s.work.dir);
    expect(report.packets.map((p) => [p.path, p.result])).toEqual([[MOVED, 'clean']]);
    expect(report.packets[0]!.timeline.map((t) => t.event)).toEqual([
      'filed',
      'approved',
      'amended',
      'approved',
    ]);
    expect(code).toBe(0);
  });

  it('accepts a squash-merged amendment recorded against the squash commit', async () => {
    s = newScenario();
    await approvedPacket(s);
    const text = s.work
      .git('show', `HEAD:${PACKET_PATH}`)
      .replace('next_review_date: 2026-12-01', 'next_review_date: 2027-01-15');
    const pr = mergePullRequest(s, 9, 'squash', { [PACKET_PATH]: text }, { squash: true });
    await recordMerge(s, 9, pr.merge, [{ path: PACKET_PATH, approvals: twoApprovals(pr.head) }]);
    s.work.git('pull', '-q', '--ff-only', 'origin', 'main');

    const { code, report } = await audit(s.work.dir);
    expect(report.packets[0]!.timeline.map((t) => t.event)).toEqual([
      'filed',
      'approved',
      'amended',
      'approved',
    ]);
    expect(codes(report)).toEqual([]);
    expect(code).toBe(0);
  });

  it('reports a shallow clone as unverifiable, never clean', async () => {
    s = newScenario();
    await approvedPacket(s);
    const shallow = cloneRepo(s.remote.dir, 1);
    const { code, report } = await audit(shallow.dir);
    expect(report.problems.map((p) => p.code)).toEqual(['HISTORY_SHALLOW']);
    expect(report.packets.map((p) => p.result)).toEqual(['unverifiable']);
    expect(report.clean).toBe(false);
    expect(code).toBe(1);
    shallow.cleanup();
  });

  it('reports a force-pushed main: rewritten where old objects remain, missing in a fresh clone', async () => {
    s = newScenario();
    const { merge } = await approvedPacket(s);
    s.work.gitEnv(
      { GIT_COMMITTER_DATE: '2026-11-04T10:00:00+00:00' },
      'rebase',
      '-q',
      '-f',
      '--root',
    );
    s.work.git('push', '-q', '-f', 'origin', 'HEAD:main');

    const here = await audit(s.work.dir);
    expect(here.report.packets[0]!.findings.map((f) => [f.code, f.kind])).toEqual([
      ['HISTORY_REWRITTEN', 'unverifiable'],
    ]);
    expect(here.code).toBe(1);

    const fresh = cloneRepo(s.remote.dir);
    const there = await audit(fresh.dir);
    expect(there.report.packets[0]!.findings.map((f) => [f.code, f.kind])).toEqual([
      ['MERGE_COMMIT_MISSING', 'unverifiable'],
    ]);
    expect(there.report.packets[0]!.findings[0]!.message).toContain(merge.slice(0, 12));
    expect(there.report.packets[0]!.result).toBe('unverifiable');
    fresh.cleanup();
  });

  it('fails a packet that was approved by hand in its own PR', async () => {
    s = newScenario();
    const forged = PACKET_TEXT.replace(
      'packet_status: pending_approval',
      'packet_status: approved',
    );
    mergePullRequest(s, 7, 'forge', { [PACKET_PATH]: forged, [EVIDENCE_PATH]: EVIDENCE_TEXT });
    const { code, report } = await audit(s.work.dir);
    expect(codes(report)).toEqual([['RECORD_MISSING', 'failed']]);
    expect(code).toBe(1);
  });

  it('fails a record whose two approvals are the same person', async () => {
    s = newScenario();
    const pr = mergePullRequest(s, 7, 'p', {
      [PACKET_PATH]: PACKET_TEXT,
      [EVIDENCE_PATH]: EVIDENCE_TEXT,
    });
    const [owner, finance] = twoApprovals(pr.head);
    await recordMerge(s, 7, pr.merge, [
      { path: PACKET_PATH, approvals: [owner!, { ...finance!, login: 'ada' }] },
    ]);
    s.work.git('pull', '-q', '--ff-only', 'origin', 'main');
    const { report } = await audit(s.work.dir);
    expect(codes(report)).toEqual([['APPROVERS_NOT_DISTINCT', 'failed']]);
  });

  it('checks the close rule from the policy and the follow-up dates against today', async () => {
    s = newScenario();
    const pr = mergePullRequest(
      s,
      7,
      'late',
      { [PACKET_PATH]: PACKET_TEXT, [EVIDENCE_PATH]: EVIDENCE_TEXT },
      { date: '2026-11-20T23:30:00-05:00' },
    );
    await recordMerge(s, 7, pr.merge, [{ path: PACKET_PATH, approvals: twoApprovals(pr.head) }]);
    s.work.git('pull', '-q', '--ff-only', 'origin', 'main');

    const late = await audit(s.work.dir, '--today', '2026-12-20');
    expect(late.report.packets[0]!.findings.map((f) => [f.code, f.severity])).toEqual([
      ['FILED_AFTER_CLOSE', 'error'],
      ['CORRECTIVE_ACTION_OVERDUE', 'error'],
      ['REVIEW_OVERDUE', 'error'],
    ]);

    s.work.write({
      '.github/packet-policy.yml': 'sign_off:\n  close_days_after_period_end: "30"\n',
    });
    const lenient = await audit(s.work.dir, '--today', '2026-11-21');
    expect(codes(lenient.report)).toEqual([]);
    expect(lenient.code).toBe(0);
  });

  it('shows one packet by id, and reports an unknown id', async () => {
    s = newScenario();
    await approvedPacket(s);
    expect((await audit(s.work.dir, PACKET_ID)).report.packets.map((p) => p.packetId)).toEqual([
      PACKET_ID,
    ]);
    const unknown = await audit(s.work.dir, 'EXC-2026-01-01-NOPE');
    expect(unknown.report.problems.map((p) => p.code)).toEqual(['PACKET_NOT_FOUND']);
    expect(unknown.code).toBe(1);
  });

  it('escapes commit text in Markdown and keeps CSV cells from running as formulas', async () => {
    s = newScenario();
    await approvedPacket(s);
    const text = s.work.git('show', `HEAD:${PACKET_PATH}`).replace('ML-42', 'ML-43');
    s.work.commit('=HYPERLINK("x") | <img src=x> @finance;\nmore', { [PACKET_PATH]: text });

    const md = await auditText(s.work.dir);
    expect(md.code).toBe(1);
    expect(md.out).toContain('=HYPERLINK("x") \\| &lt;img src=x&gt; @\u200bfinance;');
    expect(md.out).not.toContain('<img');

    const csv = await auditText(s.work.dir, '--format', 'csv');
    const rows = csv.out.split('\r\n');
    expect(rows[0]).toBe(
      'packet_id,file,status,result,row_type,event_or_code,severity,commit,date,by,overage_amount,currency,detail',
    );
    expect(
      rows.some((r) =>
        r.includes(`"without a recorded approval: =HYPERLINK(""x"") | <img src=x> @finance; more"`),
      ),
    ).toBe(true);
    expect(rows.every((r) => !/,=|,"=/.test(r))).toBe(true);
    expect(rows.some((r) => r.includes(',234.56,USD,'))).toBe(true);
  });
});
