import { afterEach, describe, expect, it } from 'vitest';

import type { AuditReport } from '../../scripts/core/history/audit-types.js';
import type { Approval } from '../../scripts/core/packet/packet.js';
import { EVIDENCE_PATH, EVIDENCE_TEXT, PACKET_PATH, PACKET_TEXT } from '../core/history/fixture.js';
import {
  audit,
  mergePullRequest,
  newScenario,
  rebasePullRequest,
  recordMerge,
  twoApprovals,
  type Scenario,
} from './audit-scenario.js';

let s: Scenario;
afterEach(() => s?.cleanup());

const CODE = 'RECORD_DECIDED_COMMIT_NOT_A_PULL_REQUEST_LANDING';
const FILES = { [PACKET_PATH]: PACKET_TEXT, [EVIDENCE_PATH]: EVIDENCE_TEXT };

function findings(report: AuditReport): string[][] {
  return report.packets.flatMap((p) => p.findings.map((f) => [f.code, f.kind, f.commit ?? '']));
}

/** Records `decided` as the landing of PR 7 and returns the recording commit on main. */
async function recordAs7(decided: string, approvals: Approval[]): Promise<string> {
  const outcome = await recordMerge(s, 7, decided, [{ path: PACKET_PATH, approvals }]);
  s.work.git('pull', '-q', '--ff-only', 'origin', 'main');
  expect(outcome.commits).toHaveLength(1);
  return s.work.head();
}

describe('packet audit: the decided commit is a landing of the recorded pull request', () => {
  it('accepts a merge commit "Merge pull request #7 from ..."', async () => {
    s = newScenario();
    const pr = mergePullRequest(s, 7, 'file', FILES);
    await recordAs7(pr.merge, twoApprovals(pr.head));

    const { code, report } = await audit(s.work.dir);
    expect(findings(report)).toEqual([]);
    expect(report.clean).toBe(true);
    expect(code).toBe(0);
  });

  it('accepts a squash commit whose subject ends (#7)', async () => {
    s = newScenario();
    const pr = mergePullRequest(s, 7, 'file', FILES, { squash: true, message: 'File ML' });
    expect(s.work.git('log', '-1', '--format=%s', pr.merge).trim()).toBe('File ML (#7)');
    await recordAs7(pr.merge, twoApprovals(pr.head));

    const { code, report } = await audit(s.work.dir);
    expect(findings(report)).toEqual([]);
    expect(code).toBe(0);
  });

  it('accepts the last commit of a rebase merge, re-committed by the hosting service', async () => {
    s = newScenario();
    const landed = rebasePullRequest(s, 'file', [
      { [EVIDENCE_PATH]: EVIDENCE_TEXT },
      { [PACKET_PATH]: PACKET_TEXT },
    ]);
    await recordAs7(landed.at(-1)!, twoApprovals(landed.at(-1)!));

    const { code, report } = await audit(s.work.dir);
    expect(findings(report)).toEqual([]);
    expect(code).toBe(0);
  });

  it('fails a squash commit of another pull request recorded as PR 7', async () => {
    s = newScenario();
    const pr = mergePullRequest(s, 12, 'file', FILES, { squash: true });
    const recording = await recordAs7(pr.merge, twoApprovals(pr.head));

    const { code, report } = await audit(s.work.dir);
    expect(findings(report)).toEqual([[CODE, 'failed', recording]]);
    expect(report.packets[0]!.findings[0]!.message).toContain('squash merge of pull request #12');
    expect(report.clean).toBe(false);
    expect(code).toBe(1);
  });

  it('fails a merge commit of another pull request recorded as PR 7', async () => {
    s = newScenario();
    const pr = mergePullRequest(s, 12, 'file', FILES);
    const recording = await recordAs7(pr.merge, twoApprovals(pr.head));

    const { code, report } = await audit(s.work.dir);
    expect(findings(report)).toEqual([[CODE, 'failed', recording]]);
    expect(report.packets[0]!.findings[0]!.message).toContain('the merge of pull request #12');
    expect(code).toBe(1);
  });

  it('fails a hand-made record naming a direct commit on main, with invented approvers', async () => {
    s = newScenario();
    const direct = s.work.commit('Add the ML exception', FILES);
    s.work.git('push', '-q', 'origin', 'main');
    const invented: Approval[] = [
      {
        login: 'nobody-a',
        group: '@org/ml-platform',
        reviewed_commit: direct,
        submitted_at: '2026-11-04T09:00:00Z',
      },
      {
        login: 'nobody-b',
        group: '@org/finance',
        reviewed_commit: direct,
        submitted_at: '2026-11-04T10:00:00Z',
      },
    ];
    const recording = await recordAs7(direct, invented);

    const { code, report } = await audit(s.work.dir);
    expect(report.packets.map((p) => [p.status, p.result])).toEqual([['approved', 'failed']]);
    expect(findings(report)).toEqual([[CODE, 'failed', recording]]);
    const message = report.packets[0]!.findings[0]!.message;
    expect(message).toContain(recording.slice(0, 12));
    expect(message).toContain(direct.slice(0, 12));
    expect(message).toContain('a commit made directly on main');
    expect(report.clean).toBe(false);
    expect(code).toBe(1);
  });
});
