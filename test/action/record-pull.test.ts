import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubApi, type GitHubApi } from '../../scripts/dev/github-stand-in/server.js';
import { closedPull, PACKET, PULL, review, type ClosedPull } from './closed-pull-scenario.js';
import {
  buildDist,
  ROOT,
  runEntry,
  type EntryRun,
} from '../../scripts/dev/github-stand-in/run-entry.js';

const RECORD = path.join(ROOT, 'dist/scripts/action/record.js');
const BRANCH = `record/pr-${PULL}`;

let apis: GitHubApi[] = [];
let pull: ClosedPull | undefined;

/** One recorder run in pull-request mode; the stand-in knows the branches pushed to the remote. */
async function record(scenario: ClosedPull, via = 'pull-request'): Promise<EntryRun> {
  pull = scenario;
  scenario.state.gitRemote = scenario.remote.dir;
  const api = await startGitHubApi(scenario.state);
  apis.push(api);
  return runEntry(api, 'pull_request_target', scenario.event, {
    entry: RECORD,
    env: { GITHUB_WORKSPACE: scenario.runner.dir, PACKET_RECORD_VIA: via },
  });
}

describe('record entry point in pull-request mode', () => {
  beforeAll(buildDist, 120_000);
  afterEach(async () => {
    for (const api of apis) await api.close();
    pull?.cleanup();
    apis = [];
    pull = undefined;
  });

  it('pushes the record to record/pr-N and opens one pull request for it, once', async () => {
    const scenario = closedPull(true, (head) => [review('mia', head), review('fiona', head)]);

    const first = await record(scenario);
    const tip = scenario.remote.git('rev-parse', BRANCH).trim();
    const again = await record(scenario);

    expect([first.exitCode, first.stderr, again.exitCode, again.stderr]).toEqual([0, '', 0, '']);
    expect(scenario.remote.git('rev-parse', 'main').trim()).toBe(scenario.merge);
    expect(scenario.remote.git('rev-parse', `${BRANCH}^`).trim()).toBe(scenario.merge);
    expect(scenario.remote.git('rev-parse', BRANCH).trim()).toBe(tip);
    const packet = parse(scenario.remote.git('show', `${BRANCH}:${PACKET}`)) as Record<
      string,
      unknown
    >;
    expect(packet.packet_status).toBe('approved');

    const [firstApi, againApi] = apis;
    const opened = firstApi!
      .writes()
      .filter((r) => r.operation === 'POST /repos/{owner}/{repo}/pulls');
    expect(opened.map((r) => [r.body?.head, r.body?.base, r.body?.title])).toEqual([
      [BRANCH, 'main', `Record the approval of #${PULL}`],
    ]);
    expect(String(opened[0]!.body?.body)).toContain('**Squash and merge**');
    expect(String(opened[0]!.body?.body)).toContain(`- \`${PACKET}\``);
    expect(againApi!.writes()).toEqual([]);
    expect(
      againApi!.requests
        .filter((r) => r.operation === 'GET /repos/{owner}/{repo}/pulls')
        .map((r) => r.query.head),
    ).toEqual([`example-org:${BRANCH}`]);
    expect(scenario.state.pulls.map((p) => [p.number, p.head, p.state])).toEqual([
      [PULL + 1, BRANCH, 'open'],
    ]);
    expect(first.stdout).toContain(`opened #${PULL + 1}`);
    expect(again.stdout).toContain(`already open: #${PULL + 1}`);
    for (const api of apis) expect([api.violations, api.unhandled]).toEqual([[], []]);
  });

  it('opens nothing when the sign-off did not pass', async () => {
    const scenario = closedPull(true, (head) => [review('fiona', head)]);

    const run = await record(scenario);

    expect(run.exitCode).toBe(0);
    expect(() => scenario.remote.git('rev-parse', '--verify', '-q', BRANCH)).toThrow();
    expect(apis[0]!.writes()).toEqual([]);
  });

  it('refuses a mode it does not know, naming the variable', async () => {
    const scenario = closedPull(true, (head) => [review('mia', head), review('fiona', head)]);

    const run = await record(scenario, 'pr');

    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('::error::PACKET_RECORD_VIA is "pr"');
    expect(scenario.remote.git('rev-parse', 'main').trim()).toBe(scenario.merge);
    expect(apis[0]!.requests).toEqual([]);
  });
});
