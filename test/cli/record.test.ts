import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import type { CommandIo } from '../../scripts/cli/io.js';
import { runRecord } from '../../scripts/cli/record.js';
import { mergePullRequest, newScenario, twoApprovals, type Scenario } from './audit-scenario.js';
import { EVIDENCE_PATH, EVIDENCE_TEXT, PACKET_PATH, PACKET_TEXT } from '../core/history/fixture.js';

let s: Scenario;
afterEach(() => s?.cleanup());

/** Runs `packet record --plan plan.json ...args` in the runner clone; returns code and output. */
async function record(...args: string[]): Promise<{ code: number; out: string[] }> {
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
  const file = join(s.runner.dir, '.git', 'plan.json');
  writeFileSync(file, JSON.stringify(plan));
  const out: string[] = [];
  const io: CommandIo = {
    cwd: s.runner.dir,
    env: {},
    stdout: (t) => out.push(t),
    stderr: () => {},
    isTTY: false,
  };
  return { code: await runRecord(['--plan', file, ...args], io), out };
}

describe('packet record', () => {
  it('pushes to record/pr-N with --via pull-request and leaves main alone', async () => {
    s = newScenario();

    const { code, out } = await record('--via', 'pull-request');

    const branch = s.remote.git('rev-parse', 'record/pr-7').trim();
    expect(code).toBe(0);
    expect(out).toEqual([
      `recorded ${branch}`,
      'pushed to record/pr-7: open a pull request from it into main',
      'and merge it with a squash, keeping the commit message (its trailers)',
    ]);
    expect(s.remote.git('rev-parse', 'main').trim()).toBe(
      s.remote.git('rev-parse', `${branch}^`).trim(),
    );
  });

  it('refuses an unknown --via, naming it', async () => {
    s = newScenario();

    await expect(record('--via', 'merge')).rejects.toThrow('--via is "merge"');
  });
});
