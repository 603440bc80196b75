import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditReport } from '../../scripts/core/history/audit-types.js';
import { cloneRepo } from '../../scripts/dev/git-repo.js';
import { startGitHubApi, type GitHubApi } from '../../scripts/dev/github-stand-in/server.js';
import { runCli } from '../../scripts/dev/run-cli.js';
import {
  closedPull,
  EVIDENCE,
  PACKET,
  PULL,
  review,
  type ClosedPull,
} from './closed-pull-scenario.js';
import {
  buildDist,
  ROOT,
  runEntry,
  type EntryRun,
} from '../../scripts/dev/github-stand-in/run-entry.js';

const RECORD = path.join(ROOT, 'dist/scripts/action/record.js');
const REASON = 'The embedding cap in ML-418 has no date; add one and file again.';

let api: GitHubApi | undefined;
let pull: ClosedPull | undefined;

async function record(scenario: ClosedPull): Promise<EntryRun> {
  pull = scenario;
  api = await startGitHubApi(scenario.state);
  return runEntry(api, 'pull_request_target', scenario.event, {
    entry: RECORD,
    env: { GITHUB_WORKSPACE: scenario.runner.dir },
  });
}

/** The remote's main as a fresh clone would see it. */
function remoteMain(scenario: ClosedPull) {
  const clone = cloneRepo(scenario.remote.dir);
  const show = (spec: string): string => clone.git('show', spec);
  const trailer = (key: string): string[] =>
    clone
      .git('log', '-1', `--format=%(trailers:key=${key},valueonly)`)
      .split('\n')
      .filter((line) => line !== '');
  return { clone, show, trailer, packet: parse(show(`HEAD:${PACKET}`)) as Record<string, unknown> };
}

describe('record entry point against the GitHub stand-in and a real remote', () => {
  beforeAll(buildDist, 120_000);
  afterEach(async () => {
    await api?.close();
    pull?.cleanup();
    api = undefined;
    pull = undefined;
  });

  it('records a merged PR signed off by the owner team and finance as approved', async () => {
    const scenario = closedPull(true, (head) => [review('mia', head), review('fiona', head)]);

    const run = await record(scenario);

    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const main = remoteMain(scenario);
    expect(main.clone.git('rev-parse', 'HEAD^').trim()).toBe(scenario.merge);
    expect(main.packet.packet_status).toBe('approved');
    expect(main.packet.approver_name).toBe('mia (ml-platform); fiona (finance)');
    expect(main.packet.approved_at).toBe('2026-12-04T14:03:00Z');
    expect(main.packet.approval_record).toMatchObject({
      pull_request: PULL,
      decided_commit: scenario.merge,
    });
    expect(main.trailer('Approved-by')).toEqual([
      'mia <mia> (ml-platform)',
      'fiona <fiona> (finance)',
    ]);
    expect(main.trailer('Reviewed-commit')).toEqual([scenario.head, scenario.head]);
    expect(main.trailer('Pull-request')).toEqual([`#${PULL}`]);
    const row = main
      .show('HEAD:packets/LEDGER.md')
      .split('\n')
      .find((l) => l.includes('EXC-2026-12-02'));
    expect(row).toMatch(/\| approved \|.*mia \(ml-platform\); fiona \(finance\)/);

    const audit = await runCli(['audit', '--format', 'json', '--today', '2026-12-05'], {
      cwd: main.clone.dir,
    });
    const report = JSON.parse(audit.stdout) as AuditReport;
    expect(report.packets.map((p) => [p.packetId, p.status, p.result, p.findings])).toEqual([
      ['EXC-2026-12-02-ML-PLATFORM', 'approved', 'clean', []],
    ]);
    expect(audit.code).toBe(0);
    main.clone.cleanup();
    expect(api!.violations).toEqual([]);
    expect(api!.unhandled).toEqual([]);
  });

  it('records a PR closed after finance requested changes as denied, with the reason', async () => {
    const scenario = closedPull(false, (head) => [
      review('mia', head),
      review('fiona', head, 'CHANGES_REQUESTED', REASON),
    ]);

    const run = await record(scenario);

    expect(run.exitCode).toBe(0);
    const main = remoteMain(scenario);
    expect(main.clone.git('rev-parse', 'HEAD^').trim()).toBe(scenario.base);
    expect(main.packet.packet_status).toBe('denied');
    expect(main.packet.denial_reason).toBe(REASON);
    expect(main.show(`HEAD:${EVIDENCE}`)).toBe(scenario.state.commits[scenario.head]![EVIDENCE]);
    expect(main.trailer('Denied-by')).toEqual(['fiona <fiona> (finance)']);
    expect(main.trailer('Pull-request')).toEqual([`#${PULL}`]);
    main.clone.cleanup();
  });

  it.each([
    { profile: { name: 'Fiona Park' }, trailer: 'Fiona Park <fiona> (finance)', warning: '' },
    { profile: { name: null }, trailer: 'fiona <fiona> (finance)', warning: '' },
    { profile: { name: '  ' }, trailer: 'fiona <fiona> (finance)', warning: '' },
    { profile: 404 as const, trailer: 'fiona <fiona> (finance)', warning: 'HTTP 404' },
    { profile: 403 as const, trailer: 'fiona <fiona> (finance)', warning: 'HTTP 403' },
  ])(
    'records display names from profiles; finance as $trailer when its profile is $profile',
    async ({ profile, trailer, warning }) => {
      const scenario = closedPull(true, (head) => [
        review('mia', head),
        review('mia', head),
        review('fiona', head),
      ]);
      scenario.state.users = { mia: { name: 'Mia Chen' }, fiona: profile };

      const run = await record(scenario);

      expect(run.exitCode).toBe(0);
      const main = remoteMain(scenario);
      const approvals = main.packet.approvals as Record<string, unknown>[];
      expect(approvals.map((a) => [a.login, a.name])).toEqual([
        ['mia', 'Mia Chen'],
        ['fiona', trailer.startsWith('Fiona') ? 'Fiona Park' : undefined],
      ]);
      expect(main.trailer('Approved-by')).toEqual(['Mia Chen <mia> (ml-platform)', trailer]);
      const warned = run.stdout.split('\n').filter((l) => l.includes('could not be read'));
      expect(warned).toEqual(
        warning === ''
          ? []
          : [
              `::warning::the profile of fiona could not be read (${warning}); the record names the login only`,
            ],
      );
      const profiles = api!.requests.filter((r) => r.operation === 'GET /users/{username}');
      expect(profiles.map((r) => r.path)).toEqual(['/users/mia', '/users/fiona']);
      main.clone.cleanup();
      expect(api!.violations).toEqual([]);
    },
  );

  it('records the display name of the reviewer who denied', async () => {
    const scenario = closedPull(false, (head) => [
      review('mia', head),
      review('fiona', head, 'CHANGES_REQUESTED', REASON),
    ]);
    scenario.state.users = { mia: { name: 'Mia Chen' }, fiona: { name: 'Fiona Park' } };

    const run = await record(scenario);

    expect(run.exitCode).toBe(0);
    const main = remoteMain(scenario);
    expect(main.trailer('Denied-by')).toEqual(['Fiona Park <fiona> (finance)']);
    expect(api!.requests.filter((r) => r.path.startsWith('/users/')).map((r) => r.path)).toEqual([
      '/users/fiona',
    ]);
    main.clone.cleanup();
    expect(api!.violations).toEqual([]);
  });

  it.each([
    {
      name: 'merged with only finance approving',
      merged: true,
      why: 'merged, but the sign-off did not pass',
      reviews: (head: string) => [review('fiona', head)],
    },
    {
      name: 'closed unmerged with no change request',
      merged: false,
      why: 'closed without merge and no required group has changes requested',
      reviews: (head: string) => [review('fiona', head)],
    },
    {
      name: 'closed unmerged after changes requested by someone outside the groups',
      merged: false,
      why: 'closed without merge and no required group has changes requested',
      reviews: (head: string) => [review('bystander', head, 'CHANGES_REQUESTED', 'no')],
    },
  ])('records nothing when $name, and says why', async ({ merged, why, reviews }) => {
    const scenario = closedPull(merged, reviews);
    const before = scenario.remote.git('rev-parse', 'main').trim();

    const run = await record(scenario);

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`::warning::PR #${PULL}: nothing recorded: ${why}`);
    expect(scenario.remote.git('rev-parse', 'main').trim()).toBe(before);
    expect(api!.writes()).toEqual([]);
  });
});
