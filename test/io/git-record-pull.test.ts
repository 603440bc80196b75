import { afterEach, describe, expect, it } from 'vitest';

import { readPacketData } from '../../scripts/core/history/packet-yaml.js';
import { cloneRepo } from '../../scripts/dev/git-repo.js';
import type { DecisionOutcome } from '../../scripts/io/git-record.js';
import {
  audit,
  mergePullRequest,
  newScenario,
  recordMerge,
  twoApprovals,
  type Scenario,
} from '../cli/audit-scenario.js';
import { EVIDENCE_PATH, EVIDENCE_TEXT, PACKET_PATH, PACKET_TEXT } from '../core/history/fixture.js';

let s: Scenario;
afterEach(() => s?.cleanup());

/** Records PR `pr` in pull-request mode from the runner clone. */
function recordViaPull(pr: number, merge: string, head: string): Promise<DecisionOutcome> {
  const packets = [{ path: PACKET_PATH, approvals: twoApprovals(head) }];
  return recordMerge(s, pr, merge, packets, 'pull-request');
}

/**
 * Lands `branch` on main as a hosted squash merge of pull request `pr` does for a single
 * commit: the commit's subject with ` (#pr)`, then its body (the trailers), committed by GitHub.
 */
function squashMerge(branch: string, pr: number, keepBody = true): string {
  s.work.git('fetch', '-q', 'origin');
  s.work.git('checkout', '-q', '-B', 'main', 'origin/main');
  const subject = s.work.git('log', '-1', '--format=%s', `origin/${branch}`).trim();
  const body = s.work.git('log', '-1', '--format=%b', `origin/${branch}`);
  s.work.git('merge', '-q', '--squash', `origin/${branch}`);
  s.work.gitEnv(
    {
      GIT_AUTHOR_NAME: 'packet-recorder',
      GIT_AUTHOR_EMAIL: 'recorder@test.invalid',
      GIT_AUTHOR_DATE: '2026-11-05T15:00:00+00:00',
      GIT_COMMITTER_NAME: 'GitHub',
      GIT_COMMITTER_EMAIL: 'noreply@github.com',
      GIT_COMMITTER_DATE: '2026-11-05T15:00:00+00:00',
    },
    'commit',
    '-q',
    '-m',
    keepBody ? `${subject} (#${pr})\n\n${body}` : `${subject} (#${pr})`,
  );
  s.work.git('push', '-q', 'origin', 'main');
  return s.work.head();
}

describe('recordDecision via a pull request', () => {
  it('pushes the record to record/pr-N, leaves main alone, and a re-run makes the same commit', async () => {
    s = newScenario();
    const pr = mergePullRequest(s, 7, 'p', {
      [PACKET_PATH]: PACKET_TEXT,
      [EVIDENCE_PATH]: EVIDENCE_TEXT,
    });
    const mainTip = s.remote.git('rev-parse', 'main').trim();

    const first = await recordViaPull(7, pr.merge, pr.head);
    const branchTip = s.remote.git('rev-parse', 'record/pr-7').trim();
    const again = await recordViaPull(7, pr.merge, pr.head);

    expect(first).toMatchObject({ pushedTo: 'record/pr-7', skipped: [] });
    expect(first.commits).toEqual([branchTip]);
    expect(s.remote.git('rev-parse', 'record/pr-7^').trim()).toBe(mainTip);
    expect(s.remote.git('rev-parse', 'main').trim()).toBe(mainTip);
    expect(again.commits).toEqual([branchTip]);
    expect(s.remote.git('rev-parse', 'record/pr-7').trim()).toBe(branchTip);
  });

  it('is audited clean once the recording PR is squash-merged, and is not recorded twice', async () => {
    s = newScenario();
    const pr = mergePullRequest(s, 7, 'p', {
      [PACKET_PATH]: PACKET_TEXT,
      [EVIDENCE_PATH]: EVIDENCE_TEXT,
    });
    await recordViaPull(7, pr.merge, pr.head);

    const squash = squashMerge('record/pr-7', 8);
    const after = await recordViaPull(7, pr.merge, pr.head);

    expect(s.remote.git('log', '-1', '--format=%s', 'main').trim()).toBe(
      'Record approval of EXC-2026-11-03-ML-PLATFORM from #7 (#8)',
    );
    expect(after).toEqual({
      commits: [],
      attempts: 1,
      skipped: [{ path: PACKET_PATH, code: 'RECORD_ALREADY_WRITTEN', message: expect.any(String) }],
    });
    expect(s.remote.git('rev-parse', 'main').trim()).toBe(squash);
    const data = readPacketData(s.remote.git('show', `main:${PACKET_PATH}`))!;
    expect(data.packet_status).toBe('approved');
    expect(data.approver_name).toBe(
      'Ada Lovelace (@org/ml-platform); Bob | Finance; EU (@org/finance)',
    );
    expect((data.approvals as { login: string }[]).map((a) => a.login)).toEqual(['ada', 'fin-bob']);

    const work = cloneRepo(s.remote.dir);
    const { code, report } = await audit(work.dir);
    expect(
      report.packets.map((p) => [p.status, p.result, p.findings, p.timeline.map((t) => t.event)]),
    ).toEqual([['approved', 'clean', [], ['filed', 'approved']]]);
    expect(report.problems).toEqual([]);
    expect(code).toBe(0);
    work.cleanup();
  });

  it('fails the audit when the squash merge dropped the trailers', async () => {
    s = newScenario();
    const pr = mergePullRequest(s, 7, 'p', {
      [PACKET_PATH]: PACKET_TEXT,
      [EVIDENCE_PATH]: EVIDENCE_TEXT,
    });
    await recordViaPull(7, pr.merge, pr.head);

    squashMerge('record/pr-7', 8, false);

    const work = cloneRepo(s.remote.dir);
    const { code, report } = await audit(work.dir);
    const findings = report.packets.flatMap((p) => p.findings.map((f) => [f.code, f.commit]));
    expect(findings).toEqual([['RECORD_COMMIT_MISSING', undefined]]);
    expect(report.packets[0]!.result).toBe('failed');
    expect(code).not.toBe(0);
    work.cleanup();
  });
});
