import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import type { CommandIo } from '../../scripts/cli/io.js';
import { runRecord } from '../../scripts/cli/record.js';
import { UsageError } from '../../scripts/core/errors.js';
import { tempDir } from '../support/temp-dir.js';
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

describe('packet record with a plan it cannot use', () => {
  const io: CommandIo = { cwd: '/', env: {}, stdout: () => {}, stderr: () => {}, isTTY: false };

  it.each([
    ['not JSON', 'not json\n', /plan\.json is not JSON: Unexpected token/],
    ['JSON null', 'null\n', /plan\.json is not a decision plan/],
    ['another JSON shape', '{"decision":"maybe"}\n', /plan\.json is not a decision plan/],
  ])('refuses %s with a usage error naming the file', async (_what, text, message) => {
    const file = path.join(tempDir(), 'plan.json');
    writeFileSync(file, text);

    const refused = runRecord(['--plan', file], io);

    await expect(refused).rejects.toThrow(UsageError);
    await expect(refused).rejects.toThrow(message);
  });
});
