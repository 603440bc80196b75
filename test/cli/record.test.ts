import { afterEach, describe, expect, it } from 'vitest';

import type { CommandIo } from '../../scripts/cli/io.js';
import { runRecord } from '../../scripts/cli/record.js';
import { newScenario, writeApprovedPlan, type Scenario } from './audit-scenario.js';

let s: Scenario;
afterEach(() => s?.cleanup());

/** Runs `packet record --plan plan.json ...args` in the runner clone; returns code and output. */
async function record(...args: string[]): Promise<{ code: number; out: string[] }> {
  const file = writeApprovedPlan(s);
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
