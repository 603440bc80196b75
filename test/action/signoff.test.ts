import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../scripts/core/render/escape-markdown.js';
import { COMMENT_MARKER } from '../../scripts/core/render/markdown.js';
import { pullRequestEvent, reviewEvent } from '../../scripts/dev/github-stand-in/events.js';
import { startGitHubApi, type GitHubApi } from '../../scripts/dev/github-stand-in/server.js';
import {
  approval,
  BASE,
  EDITED,
  FIRST,
  PACKET,
  packetText,
  REBASED,
  scenario,
} from '../support/open-pull-scenario.js';
import { buildDist, runEntry, type EntryRun } from '../../scripts/dev/github-stand-in/run-entry.js';

/** Groups still waiting in any table (packet or evidence), with the escaping undone. */
function waitingGroups(comment: string): string[] {
  const rows = comment.split('\n').filter((line) => line.includes('❌ waiting'));
  return [
    ...new Set(
      rows.map((row) =>
        row
          .split('|')[1]!
          .replace(/[\u200b\\]/g, '')
          .trim(),
      ),
    ),
  ];
}

function expectContract(api: GitHubApi): void {
  expect(api.violations).toEqual([]);
  expect(api.unhandled).toEqual([]);
}

function expectPublished(api: GitHubApi, run: EntryRun, conclusion: 'success' | 'failure') {
  const { state } = api;
  expect(state.checkRuns).toHaveLength(1);
  expect(state.checkRuns[0]).toMatchObject({
    name: 'packet-signoff',
    headSha: state.pull.headSha,
    status: 'completed',
    conclusion,
  });

  const ours = state.comments.filter((c) => c.body.startsWith(COMMENT_MARKER));
  expect(ours).toHaveLength(1);
  expect(ours[0]!.user.login).toBe('github-actions[bot]');
  expect(ours[0]!.body).toContain(escapeMarkdown(PACKET));
  expect(run.summary).toBe(ours[0]!.body);

  expect(run.outputs).toMatch(
    new RegExp(`^passed<<(.+)\\n${conclusion === 'success'}\\n\\1$`, 'm'),
  );
  expect(run.exitCode).toBe(conclusion === 'success' ? 0 : 1);
  expectContract(api);
}

describe('signoff entry point against the GitHub stand-in', () => {
  let api: GitHubApi | undefined;

  beforeAll(buildDist, 120_000);
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it.each([
    {
      name: 'only finance approved',
      head: FIRST,
      reviews: [approval('fiona', FIRST)],
      missing: ['ml-platform'],
    },
    {
      name: 'only the owner team approved',
      head: FIRST,
      reviews: [approval('mia', FIRST)],
      missing: ['finance'],
    },
    {
      name: 'one person in both groups approved for both',
      head: FIRST,
      reviews: [approval('dual', FIRST)],
      missing: ['finance'],
    },
    {
      name: 'both approved, then a push edited the packet',
      head: EDITED,
      reviews: [approval('mia', FIRST), approval('fiona', FIRST)],
      missing: ['ml-platform', 'finance'],
    },
    {
      name: 'the author and a bot approved beside finance',
      head: FIRST,
      reviews: [
        approval('alice', FIRST),
        approval('ci[bot]', FIRST, 'Bot'),
        approval('fiona', FIRST),
      ],
      missing: ['ml-platform'],
    },
  ])('stays failing when $name', async ({ head, reviews, missing }) => {
    api = await startGitHubApi(scenario(head, reviews));

    const run = await runEntry(
      api,
      'pull_request_target',
      pullRequestEvent(api.state, 'synchronize'),
    );

    expectPublished(api, run, 'failure');
    expect(run.stdout).toContain('::error::Sign-off not complete');
    expect(waitingGroups(api.state.comments[0]!.body)).toEqual(missing);
  });

  it('passes with one approval from each group on the current packet', async () => {
    const reviews = [approval('mia', FIRST), approval('fiona', FIRST)];
    api = await startGitHubApi(scenario(FIRST, reviews));

    const run = await runEntry(api, 'pull_request_review', reviewEvent(api.state, reviews[1]!));

    expectPublished(api, run, 'success');
    expect(api.state.comments[0]!.body).toMatch(/mia.*\|.*[0-9a-f]{7}/);
  });

  it('stays failing when the pull request marks its own packet approved, both groups approving', async () => {
    const reviews = [approval('mia', FIRST), approval('fiona', FIRST)];
    const state = scenario(FIRST, reviews);
    const forged = packetText
      .replace('packet_status: pending_approval', 'packet_status: approved')
      .replace('approver_name: PENDING', 'approver_name: Boss (finance)')
      .replace('approved_at: PENDING', "approved_at: '2026-12-03T09:00:00Z'");
    state.commits[FIRST]![PACKET] = forged;
    api = await startGitHubApi(state);

    const run = await runEntry(api, 'pull_request_review', reviewEvent(api.state, reviews[1]!));

    expectPublished(api, run, 'failure');
    expect(api.state.comments[0]!.body).toContain('SIGNOFF\\_DECISION\\_IN\\_PULL\\_REQUEST');
  });

  it('keeps approvals across a rebase that leaves the packet and evidence unchanged', async () => {
    api = await startGitHubApi(
      scenario(REBASED, [approval('mia', FIRST), approval('fiona', FIRST)]),
    );

    const run = await runEntry(
      api,
      'pull_request_target',
      pullRequestEvent(api.state, 'synchronize'),
    );

    expectPublished(api, run, 'success');
  });

  it('updates the one comment and the one check run when a later review completes it', async () => {
    const state = scenario(FIRST, [approval('fiona', FIRST)]);
    api = await startGitHubApi(state);
    const first = await runEntry(api, 'pull_request_target', pullRequestEvent(state, 'opened'));
    expectPublished(api, first, 'failure');
    const commentId = state.comments[0]!.id;

    const late = approval('mia', FIRST);
    state.reviews.push(late);
    const second = await runEntry(api, 'pull_request_review', reviewEvent(state, late));

    expectPublished(api, second, 'success');
    expect(state.comments[0]!.id).toBe(commentId);
    const writes = api.writes().map((w) => `${w.method} ${w.operation}`);
    expect(writes).toEqual([
      'POST POST /repos/{owner}/{repo}/check-runs',
      'POST POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      'PATCH PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}',
      'PATCH PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
    ]);
  });

  it('falls back to the policy member lists when the token cannot read the teams', async () => {
    const state = scenario(FIRST, [
      approval('ml-lead-1', FIRST),
      approval('fin-reviewer-1', FIRST),
    ]);
    state.teams = { 'example-org/ml-platform': 403, 'example-org/finance': 403 };
    api = await startGitHubApi(state);

    const run = await runEntry(api, 'pull_request_target', pullRequestEvent(state, 'opened'));

    expectPublished(api, run, 'success');
    expect(run.stdout).toContain('::warning::Team @example-org/finance is not readable');
  });

  it('reads CODEOWNERS, the policy and the allocation from the base commit only', async () => {
    api = await startGitHubApi(scenario(FIRST, [approval('mia', FIRST), approval('fiona', FIRST)]));

    await runEntry(api, 'pull_request_target', pullRequestEvent(api.state, 'opened'));

    const gateReads = api.requests.filter((r) =>
      /CODEOWNERS|packet-policy|packet-allocation/.test(r.path),
    );
    expect(gateReads.filter((r) => r.path.endsWith('packet-allocation.yml'))).toHaveLength(1);
    expect(gateReads.every((r) => r.query.ref === BASE)).toBe(true);
    expectContract(api);
  });

  it('annotates packet findings on their lines and fails the check', async () => {
    const state = scenario(FIRST, [approval('mia', FIRST), approval('fiona', FIRST)]);
    state.commits[FIRST]![PACKET] = packetText.replace(
      "overage_amount: '262.35'",
      'overage_amount: [',
    );
    api = await startGitHubApi(state);

    const run = await runEntry(api, 'pull_request_target', pullRequestEvent(state, 'synchronize'));

    expectPublished(api, run, 'failure');
    expect(run.stdout).toMatch(
      new RegExp(
        `^::error title=\\w+,file=${PACKET.replace(/[.]/g, '\\.')},line=\\d+,col=\\d+::`,
        'm',
      ),
    );
  });

  it('logs text from the pull request only while workflow commands are stopped', async () => {
    const hostile = 'packets/ml-platform/x\n::error::forged.yaml';
    const state = scenario(FIRST, [approval('mia', FIRST)]);
    state.files.push({ filename: hostile, status: 'added' });
    state.commits[FIRST]![hostile] = 'not: [a packet\n';
    api = await startGitHubApi(state);

    const run = await runEntry(api, 'pull_request_target', pullRequestEvent(state, 'opened'));

    const stop = /^::stop-commands::(.+)$/m.exec(run.stdout);
    expect(stop).not.toBeNull();
    const [before, rest] = run.stdout.split(stop![0]);
    const [inside, after] = rest!.split(`::${stop![1]}::`);
    expect(inside).toContain('\n::error::forged.yaml');
    expect(`${before}${after}`).not.toMatch(/^::error::forged/m);
    expect(api.violations).toEqual([]);
  });

  it('fails the step, and writes nothing, on an event that carries no pull request', async () => {
    api = await startGitHubApi(scenario(FIRST, []));

    const run = await runEntry(api, 'push', { ref: 'refs/heads/main' });

    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('::error::The sign-off gate runs on pull request');
    expect(api.requests).toEqual([]);
  });
});
