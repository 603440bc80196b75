import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { readPacketData } from '../../scripts/core/history/packet-yaml.js';
import { recordDecision } from '../../scripts/io/git-record.js';
import {
  audit,
  mergePullRequest,
  newScenario,
  recordMerge,
  twoApprovals,
  type Scenario,
} from '../cli/audit-scenario.js';
import { EVIDENCE_PATH, EVIDENCE_TEXT, PACKET_PATH, PACKET_TEXT } from '../core/history/fixture.js';
import { cloneRepo } from '../../scripts/dev/git-repo.js';

let s: Scenario;
afterEach(() => s?.cleanup());

const OTHER = 'packets/search/EXC-2026-11-03-SEARCH.yaml';
const otherText = PACKET_TEXT.replace(
  'EXC-2026-11-03-ML-PLATFORM',
  'EXC-2026-11-03-SEARCH',
).replaceAll('ml-platform', 'search');

describe('recordDecision', () => {
  it('changes nothing when run again for the same PR', async () => {
    s = newScenario();
    const pr = mergePullRequest(s, 7, 'p', {
      [PACKET_PATH]: PACKET_TEXT,
      [EVIDENCE_PATH]: EVIDENCE_TEXT,
    });
    const first = await recordMerge(s, 7, pr.merge, [
      { path: PACKET_PATH, approvals: twoApprovals(pr.head) },
    ]);
    const tip = s.remote.git('rev-parse', 'main').trim();

    const again = await recordMerge(s, 7, pr.merge, [
      { path: PACKET_PATH, approvals: twoApprovals(pr.head) },
    ]);
    expect(first.commits).toHaveLength(1);
    expect(again).toEqual({
      commits: [],
      attempts: 1,
      skipped: [{ path: PACKET_PATH, code: 'RECORD_ALREADY_WRITTEN', message: expect.any(String) }],
    });
    expect(s.remote.git('rev-parse', 'main').trim()).toBe(tip);
  });

  it('rebuilds on the new tip when another record lands between fetch and push', async () => {
    s = newScenario();
    const a = mergePullRequest(s, 7, 'a', {
      [PACKET_PATH]: PACKET_TEXT,
      [EVIDENCE_PATH]: EVIDENCE_TEXT,
    });
    const b = mergePullRequest(
      s,
      8,
      'b',
      { [OTHER]: otherText },
      { date: '2026-11-03T11:00:00+00:00' },
    );

    // A second recorder records PR 8 while the first is about to push PR 7.
    const rival = cloneRepo(s.remote.dir);
    const hook = join(s.runner.dir, '.git', 'hooks', 'pre-push');
    const marker = join(rival.dir, '.git', 'raced');
    writeFileSync(
      hook,
      `#!/bin/sh\n[ -f "${marker}" ] && exit 0\ntouch "${marker}"\n` +
        `cd ${rival.dir} && git -c user.name=r -c user.email=r@test.invalid commit -q --allow-empty -m "PR 8 record" && git push -q origin HEAD:main\n`,
    );
    chmodSync(hook, 0o755);

    const outcome = await recordMerge(s, 7, a.merge, [
      { path: PACKET_PATH, approvals: twoApprovals(a.head) },
    ]);
    const log = s.remote.git('log', '--format=%s', 'main').split('\n');
    expect(outcome.attempts).toBe(2);
    expect(log.slice(0, 2)).toEqual([
      'Record approval of EXC-2026-11-03-ML-PLATFORM from #7',
      'PR 8 record',
    ]);
    expect(b.merge).toMatch(/^[0-9a-f]{40}$/);
    rival.cleanup();
  });

  it('leaves main untouched when every push is refused', async () => {
    s = newScenario();
    const pr = mergePullRequest(s, 7, 'p', {
      [PACKET_PATH]: PACKET_TEXT,
      [EVIDENCE_PATH]: EVIDENCE_TEXT,
    });
    const tip = s.remote.git('rev-parse', 'main').trim();
    const hook = join(s.remote.dir, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "protected branch" >&2\nexit 1\n');
    chmodSync(hook, 0o755);

    await expect(
      recordDecision({
        dir: s.runner.dir,
        remote: 'origin',
        branch: 'main',
        decision: 'approved',
        pullRequest: 7,
        decidedCommit: pr.merge,
        decidedAt: '2026-11-05T14:03:00+00:00',
        packets: [{ path: PACKET_PATH, approvals: twoApprovals(pr.head) }],
        committer: { name: 'packet-recorder', email: 'recorder@test.invalid' },
        maxAttempts: 2,
      }),
    ).rejects.toThrow(/pre-receive hook declined|rejected/);
    expect(s.remote.git('rev-parse', 'main').trim()).toBe(tip);
  });

  it('records a denial of a new packet with the reviewer reason and Denied-by trailer', async () => {
    s = newScenario();
    s.work.git('checkout', '-q', '-b', 'deny');
    const head = s.work.commit('File packet', {
      [PACKET_PATH]: PACKET_TEXT,
      [EVIDENCE_PATH]: EVIDENCE_TEXT,
    });
    s.work.git('push', '-q', 'origin', 'deny');
    s.runner.git('fetch', '-q', 'origin');

    const outcome = await recordDecision({
      dir: s.runner.dir,
      remote: 'origin',
      branch: 'main',
      decision: 'denied',
      pullRequest: 9,
      decidedCommit: head,
      decidedAt: '2026-11-06T08:00:00+00:00',
      packets: [
        {
          path: PACKET_PATH,
          reason: 'Cut usage | do not raise; the budget stays.',
          approvals: [
            {
              login: 'fin-bob',
              name: 'Bob',
              group: '@org/finance',
              reviewed_commit: head,
              submitted_at: '2026-11-05T09:00:00Z',
            },
          ],
        },
      ],
      committer: { name: 'packet-recorder', email: 'recorder@test.invalid' },
    });
    expect(outcome.commits).toHaveLength(1);
    const data = readPacketData(s.remote.git('show', `main:${PACKET_PATH}`))!;
    expect(data).toMatchObject({
      packet_status: 'denied',
      denial_reason: 'Cut usage | do not raise; the budget stays.',
    });
    expect(
      s.remote.git('log', '-1', '--format=%(trailers:key=Denied-by,valueonly)', 'main').trim(),
    ).toBe('Bob <fin-bob> (@org/finance)');
    expect(s.remote.git('show', `main:${EVIDENCE_PATH}`)).toBe(EVIDENCE_TEXT);

    const work = cloneRepo(s.remote.dir);
    const { code, report } = await audit(work.dir);
    expect(report.packets.map((p) => [p.status, p.result, p.timeline.map((t) => t.event)])).toEqual(
      [['denied', 'clean', ['denied']]],
    );
    expect(code).toBe(0);
    work.cleanup();
  });
});
