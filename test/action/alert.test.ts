import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parsePullBody } from '../../scripts/core/lifecycle/alert-pull-body.js';
import type { Packet } from '../../scripts/core/packet/packet.js';
import { commitId, gitBlobId } from '../../scripts/dev/github-stand-in/git-blob.js';
import { repoState, type RepoState } from '../../scripts/dev/github-stand-in/repo-state.js';
import { startGitHubApi, type GitHubApi } from '../../scripts/dev/github-stand-in/server.js';
import { FIXTURES } from '../support/paths.js';
import { runCli } from '../../scripts/dev/run-cli.js';
import { copyOfFixtureRepo, tempDir } from '../support/temp-dir.js';
import { runRemindAction } from '../../scripts/action/remind.js';
import { readForecasts } from '../../scripts/core/lifecycle/forecast-section.js';
import { buildDist, ROOT, runEntry } from '../../scripts/dev/github-stand-in/run-entry.js';

const ENTRY = path.join(ROOT, 'dist/scripts/action/alert.js');
const BASE = commitId('main');
const BRANCH = 'packet/ml-platform/2026-10';
/** Filed before October's billing close (2026-11-05 under the repository's policy). */
const TODAY = '2026-11-02';
const PACKET = `packets/ml-platform/EXC-${TODAY}-ML-PLATFORM.yaml`;
const EXPORT = 'exports/nightly/focus-current.csv';
const EVIDENCE = 'packets/ml-platform/evidence/focus-current.csv';
const GCP_OVER = JSON.parse(
  readFileSync(path.join(FIXTURES, 'alerts/gcp-budget-over.json'), 'utf8'),
) as Record<string, unknown>;

const BUDGETS = `
budgets:
  ml-platform monthly AI spend:
    owner: ml-platform
    export: ${EXPORT}
`;

/** The default branch's checkout: schemas, policy, the mapping with budgets:, the export. */
function workspace(): string {
  const root = tempDir({ 'packets/.keep': '' });
  for (const part of ['schemas', '.github', 'CODEOWNERS']) {
    cpSync(path.join(ROOT, part), path.join(root, part), { recursive: true });
  }
  const allocation = readFileSync(path.join(FIXTURES, 'exports/allocation.yml'), 'utf8');
  writeFileSync(path.join(root, '.github/packet-allocation.yml'), allocation + BUDGETS);
  mkdirSync(path.join(root, path.dirname(EXPORT)), { recursive: true });
  cpSync(path.join(FIXTURES, 'exports/focus-small.csv'), path.join(root, EXPORT));
  return root;
}

function seeded(): RepoState {
  return repoState({
    pull: { number: 40, author: { login: 'alice' }, headSha: BASE, baseSha: BASE },
    commits: { [BASE]: { 'README.md': 'cost exceptions\n' } },
    refs: { main: BASE },
    teams: { 'acme/ml-platform': ['ml-lead-1', 'ml-engineer-1'] },
  });
}

function dispatch(alert: Record<string, unknown>) {
  return {
    action: 'budget-alert',
    client_payload: alert,
    repository: { default_branch: 'main', full_name: 'acme/cost-exceptions' },
  };
}

/** The files on a branch, as the stand-in holds them. */
function branchFiles(api: GitHubApi, branch: string): Record<string, string> {
  return api.state.commits[api.state.refs[branch] ?? ''] ?? {};
}

/** What a person writes in place of each marker. */
const FILLED: Record<string, string> = {
  business_justification: 'A one-off re-index of the catalogue ran in October; it will not recur.',
  corrective_action: 'Cap the re-index job in the gateway; tracked in OPS-12.',
  corrective_action_target_date: '2026-12-15',
  next_review_date: '2026-12-01',
  resolution_plan: 'Ask the provider which project the cost belongs to; tracked in FIN-7.',
  resolution_target_date: '2026-12-31',
};

function fillIn(text: string): string {
  return text.replace(
    /^(\s*)([a-z_]+): "\[(?:TODO: [^\]]*|YYYY-MM-DD)\]"$/gm,
    (_, indent: string, key: string) => `${indent}${key}: ${JSON.stringify(FILLED[key])}`,
  );
}

describe('alert entry point', () => {
  let api: GitHubApi | undefined;
  beforeAll(buildDist, 120_000);
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it('opens one draft pull request for a GCP alert sent twice, and its packet validates once filled in', async () => {
    api = await startGitHubApi(seeded());
    const root = workspace();
    const env = { GITHUB_WORKSPACE: root, PACKET_TODAY: TODAY };

    const first = await runEntry(api, 'repository_dispatch', dispatch(GCP_OVER), {
      entry: ENTRY,
      env,
    });
    const writesAfterFirst = api.writes().length;
    const second = await runEntry(api, 'repository_dispatch', dispatch(GCP_OVER), {
      entry: ENTRY,
      env,
    });

    // One draft, on the owner's branch for the month, with the owner's team asked to review.
    expect([first.exitCode, second.exitCode]).toEqual([0, 0]);
    expect(api.state.pulls).toHaveLength(1);
    const pull = api.state.pulls[0]!;
    expect(pull).toMatchObject({
      number: 41,
      head: BRANCH,
      base: 'main',
      draft: true,
      state: 'open',
      title: 'Cost exception draft: ml-platform 2026-10',
      teamReviewers: ['ml-platform'],
    });
    expect(first.outputs).toContain('opened');
    expect(second.outputs).toContain('updated');

    // The repeat changed no file and only rewrote the body.
    expect(
      api
        .writes()
        .slice(0, writesAfterFirst)
        .map((w) => `${w.method} ${w.operation} ${w.status}`),
    ).toEqual([
      'POST POST /repos/{owner}/{repo}/git/refs 201',
      'PUT PUT /repos/{owner}/{repo}/contents/{path} 201',
      'PUT PUT /repos/{owner}/{repo}/contents/{path} 201',
      'POST POST /repos/{owner}/{repo}/pulls 201',
      'POST POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers 201',
    ]);
    expect(
      api
        .writes()
        .slice(writesAfterFirst)
        .map((w) => w.operation),
    ).toEqual(['PATCH /repos/{owner}/{repo}/pulls/{pull_number}']);
    expect(api.violations).toEqual([]);
    expect(api.unhandled).toEqual([]);

    // The body remembers the packet and lists the alert once.
    const state = parsePullBody(pull.body)!;
    expect(state.packetPath).toBe(PACKET);
    expect(state.alerts.map((a) => a.key)).toEqual([
      'gcp:ml-platform%20monthly%20AI%20spend/2026-10-01/1',
    ]);
    const files = branchFiles(api, BRANCH);
    expect(Object.keys(files).sort()).toEqual([EVIDENCE, state.packetPath, 'README.md'].sort());
    expect(state.draftBlob).toBe(gitBlobId(files[state.packetPath]!));
    expect(files[EVIDENCE]).toBe(readFileSync(path.join(root, EXPORT), 'utf8'));

    // The packet is the one packet new drafts: figures from the export, the alert's budget.
    const packet = parse(files[state.packetPath]!) as Packet;
    expect([
      packet.review_period_start,
      packet.review_period_end,
      packet.budget_amount,
      packet.billed_total,
      packet.overage_amount,
      packet.packet_status,
    ]).toEqual(['2026-10-01', '2026-10-31', '250.00', '294.86', '44.86', 'draft']);

    // Checked out, it fails only on the human fields, then validates once they are filled.
    const clone = workspace();
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.join(clone, path.dirname(file)), { recursive: true });
      writeFileSync(path.join(clone, file), text);
    }
    const before = await runCli(['validate', state.packetPath], { cwd: clone });
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('PLACEHOLDER_LEFT');
    writeFileSync(path.join(clone, state.packetPath), fillIn(files[state.packetPath]!));
    const after = await runCli(['validate', state.packetPath], { cwd: clone });
    expect(after.stdout).toBe('1 packet, 1 valid, 0 errors');
    expect(after.code).toBe(0);
  }, 60_000);

  it('lists a new threshold on the same pull request and keeps a person’s edits', async () => {
    api = await startGitHubApi(seeded());
    const env = { GITHUB_WORKSPACE: workspace(), PACKET_TODAY: TODAY };
    await runEntry(api, 'repository_dispatch', dispatch(GCP_OVER), { entry: ENTRY, env });
    const packetPath = parsePullBody(api.state.pulls[0]!.body)!.packetPath;

    // The owner fills in the packet on the branch.
    const edited = fillIn(branchFiles(api, BRANCH)[packetPath]!);
    const pushed = commitId('owner edits');
    api.state.commits[pushed] = { ...branchFiles(api, BRANCH), [packetPath]: edited };
    api.state.refs[BRANCH] = pushed;
    const before = api.writes().length;

    const run = await runEntry(
      api,
      'repository_dispatch',
      dispatch({ ...GCP_OVER, alertThresholdExceeded: 1.5, costAmount: 380.2 }),
      { entry: ENTRY, env },
    );

    expect(run.exitCode).toBe(0);
    expect(api.state.pulls).toHaveLength(1);
    expect(branchFiles(api, BRANCH)[packetPath]).toBe(edited);
    expect(
      api
        .writes()
        .slice(before)
        .map((w) => w.method),
    ).toEqual(['PATCH']);
    const body = api.state.pulls[0]!.body ?? '';
    expect(parsePullBody(body)!.alerts.map((a) => a.threshold)).toEqual(['1', '1.5']);
    expect(body).toContain('The packet has been edited here');
    expect(api.violations).toEqual([]);
  }, 60_000);

  it('lists a forecast in the reminder issue, which the remind run keeps, and opens nothing else', async () => {
    api = await startGitHubApi(seeded());
    const env = { GITHUB_WORKSPACE: workspace(), PACKET_TODAY: TODAY };
    const forecast = {
      ...GCP_OVER,
      alertThresholdExceeded: undefined,
      forecastThresholdExceeded: 1.2,
    };

    const run = await runEntry(api, 'repository_dispatch', dispatch(forecast), {
      entry: ENTRY,
      env,
    });
    const again = await runEntry(api, 'repository_dispatch', dispatch(forecast), {
      entry: ENTRY,
      env,
    });

    expect(run.exitCode).toBe(0);
    expect(run.outputs).toContain('forecast');
    expect(run.summary).toContain('nothing is filed');
    expect(again.summary).toContain('(unchanged)');
    const issues = api.state.issues ?? [];
    expect(issues).toHaveLength(1);
    const row =
      /\| ml-platform monthly AI spend \| ml-platform \| 2026-10 \| 300 USD +\| 120 % of 250 \|/;
    expect(issues[0]!.body).toMatch(row);

    // The remind run rewrites the body with what is due and keeps the forecast.
    const remind = await runRemindAction(
      {
        GITHUB_REPOSITORY: 'acme/cost-exceptions',
        GITHUB_API_URL: api.url,
        GITHUB_WORKSPACE: copyOfFixtureRepo('remind-repo'),
        INPUT_TOKEN: api.state.token,
        PACKET_TODAY: '2026-11-04',
      },
      new Date('2026-11-04T08:00:00Z'),
    );
    expect(remind).toEqual({ step: 'update', issue: issues[0]!.number, due: 3 });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.body).toContain('Packet reminders for 2026-11-04');
    expect(issues[0]!.body).toMatch(row);
    expect(readForecasts(issues[0]!.body ?? '').map((f) => f.key)).toEqual([
      'gcp:ml-platform%20monthly%20AI%20spend/2026-10-01/forecast-1.2',
    ]);
    expect(api.writes().map((w) => `${w.method} ${w.operation}`)).toEqual([
      'POST POST /repos/{owner}/{repo}/issues',
      'PATCH PATCH /repos/{owner}/{repo}/issues/{issue_number}',
    ]);
    expect(api.state.pulls).toEqual([]);
    expect(Object.keys(api.state.refs)).toEqual(['main']);
    expect(api.violations).toEqual([]);
  }, 60_000);

  it.each([
    {
      name: 'a notification that crossed nothing',
      alert: { ...GCP_OVER, alertThresholdExceeded: undefined },
      action: 'quiet',
    },
  ])(
    'opens nothing for $name',
    async ({ alert, action }) => {
      api = await startGitHubApi(seeded());
      const env = { GITHUB_WORKSPACE: workspace(), PACKET_TODAY: TODAY };

      const run = await runEntry(api, 'repository_dispatch', dispatch(alert), {
        entry: ENTRY,
        env,
      });

      expect(run.exitCode).toBe(0);
      expect(run.outputs).toContain(action);
      expect(run.summary).toContain('nothing');
      expect(api.writes()).toEqual([]);
      expect(api.state.pulls).toEqual([]);
    },
    60_000,
  );

  it.each([
    {
      name: 'an unmapped budget',
      event: 'repository_dispatch',
      payload: dispatch({ ...GCP_OVER, budgetDisplayName: 'someone else' }),
      code: 'ALERT_BUDGET_UNMAPPED',
    },
    {
      name: 'another dispatch type',
      event: 'repository_dispatch',
      payload: { ...dispatch(GCP_OVER), action: 'deploy' },
      code: 'is not a budget alert',
    },
    {
      name: 'an alert in another currency than the export',
      event: 'repository_dispatch',
      payload: dispatch({ ...GCP_OVER, currencyCode: 'EUR' }),
      code: 'ALERT_CURRENCY_MISMATCH',
    },
  ])(
    'fails the step and opens nothing for $name',
    async ({ event, payload, code }) => {
      api = await startGitHubApi(seeded());
      const env = { GITHUB_WORKSPACE: workspace(), PACKET_TODAY: TODAY };

      const run = await runEntry(api, event, payload, { entry: ENTRY, env });

      expect(run.exitCode).toBe(1);
      expect(run.stdout).toContain(code);
      expect(api.writes()).toEqual([]);
    },
    60_000,
  );

  it('takes a manual run’s payload from the input the workflow passes in env', async () => {
    api = await startGitHubApi(seeded());
    const env = {
      GITHUB_WORKSPACE: workspace(),
      PACKET_TODAY: TODAY,
      ALERT_PAYLOAD: JSON.stringify(GCP_OVER),
    };
    const event = { inputs: {}, repository: { default_branch: 'main' } };

    const run = await runEntry(api, 'workflow_dispatch', event, { entry: ENTRY, env });

    expect(run.exitCode).toBe(0);
    expect(api.state.pulls.map((p) => p.head)).toEqual([BRANCH]);
    expect(api.violations).toEqual([]);
  }, 60_000);
});
