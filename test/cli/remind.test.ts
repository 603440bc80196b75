import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Reminder } from '../../scripts/core/lifecycle/remind.js';
import { REPO_ROOT } from '../support/paths.js';
import { runCli } from '../../scripts/dev/run-cli.js';
import { copyOfFixtureRepo } from '../support/temp-dir.js';

const copyOfRemindRepo = () => copyOfFixtureRepo('remind-repo');

const ML = 'packets/ml-platform/EXC-2026-11-03-ML-PLATFORM.yaml';
const SEARCH = 'packets/search/EXC-2026-11-05-SEARCH.yaml';
const BOTS = 'packets/support-bots/EXC-2026-11-04-SUPPORT-BOTS.yaml';
const PENDING = [ML, SEARCH, BOTS].map((file) => ['awaiting_signoff', file]);

async function due(today: string, root = copyOfRemindRepo()): Promise<Reminder> {
  const run = await runCli(['remind', '--today', today, '--format', 'json'], { cwd: root });
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Reminder;
}

describe('packet remind', () => {
  // The shipped packets: all pending, period 2026-10 closing 2026-11-05; ml-platform reviews
  // 2026-12-01 with its action due 2026-12-15; search has unallocated cost due 2026-11-30,
  // reviews 2026-12-05 with its action due 2026-12-20; support-bots reviews 2027-01-15.
  it.each([
    ['2026-11-04', PENDING],
    [
      '2026-12-01',
      [
        ['awaiting_signoff', ML],
        ['review_due', ML],
        ['awaiting_signoff', SEARCH],
        ['unallocated_overdue', SEARCH],
        ['awaiting_signoff', BOTS],
      ],
    ],
    [
      '2026-12-21',
      [
        ['awaiting_signoff', ML],
        ['corrective_action_overdue', ML],
        ['review_due', ML],
        ['awaiting_signoff', SEARCH],
        ['corrective_action_overdue', SEARCH],
        ['review_due', SEARCH],
        ['unallocated_overdue', SEARCH],
        ['awaiting_signoff', BOTS],
      ],
    ],
  ])('lists exactly what is due on %s', async (today, expected) => {
    const reminder = await due(today);
    expect(reminder.items.map((item) => [item.kind, item.file])).toEqual(expected);
  });

  it('says how long is left to the close and who must approve', async () => {
    const run = await runCli(['remind', '--today', '2026-11-04'], { cwd: copyOfRemindRepo() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `  ${SEARCH}\n    period closes: 2026-11-05 (in 1 day); must act: search, finance, engineering-leads`,
    );
    expect(run.stdout.split('\n').at(-1)).toBe('3 items due');
  });

  it('writes the issue body with the marker and the groups to ping', async () => {
    const run = await runCli(['remind', '--today', '2026-12-16', '--format', 'markdown'], {
      cwd: copyOfRemindRepo(),
    });
    expect(run.stdout.split('\n')[0]).toBe('<!-- packet-remind -->');
    expect(run.stdout).toContain(
      'cc @example-org/engineering-leads @example-org/finance @example-org/ml-platform @example-org/search @example-org/support-bots',
    );
    expect(run.stdout).toContain('#### Corrective actions past their target date');
  });

  it('takes the day from PACKET_TODAY', async () => {
    const run = await runCli(['remind', '--format', 'json'], {
      cwd: copyOfRemindRepo(),
      env: { PACKET_TODAY: '2026-11-04' },
    });
    expect((JSON.parse(run.stdout) as Reminder).today).toBe('2026-11-04');
  });

  it('lists a packet that does not validate as not checked, and still exits 0', async () => {
    const root = copyOfRemindRepo();
    const broken = path.join(root, ML);
    writeFileSync(broken, 'exception_packet_id: [');
    const reminder = await due('2026-11-04', root);
    expect(reminder.unreadable).toEqual([ML]);
    expect(reminder.items.map((item) => item.file)).toEqual([SEARCH, BOTS]);
  });

  it('still reports without a policy, warning about what it leaves out', async () => {
    const root = copyOfRemindRepo();
    rmSync(path.join(root, '.github/packet-policy.yml'));
    const run = await runCli(['remind', '--today', '2026-11-04'], { cwd: root });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('no .github/packet-policy.yml');
    expect(run.stdout).toContain('no billing_close in the policy');
  });

  it.each([
    [['--today', '2026-13-01'], 'run `packet remind --today'],
    [['--format', 'html'], 'run `packet remind --format markdown`'],
  ])('exits 2 for %j, saying what to run', async (args, hint) => {
    const run = await runCli(['remind', ...args], { cwd: copyOfRemindRepo() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(hint);
  });

  it('prints help with an example', async () => {
    const run = await runCli(['remind', '--help'], { cwd: REPO_ROOT });
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toContain('Example:\n  packet remind --today');
  });
});
