import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runRemindAction } from '../../scripts/action/remind.js';
import { REMINDER_MARKER } from '../../scripts/core/render/reminder.js';
import { commitId } from '../../scripts/dev/github-stand-in/git-blob.js';
import { repoState, type SeedIssue } from '../../scripts/dev/github-stand-in/repo-state.js';
import { addIssue } from '../../scripts/dev/github-stand-in/routes-issues.js';
import { startGitHubApi, type GitHubApi } from '../../scripts/dev/github-stand-in/server.js';
import { REPO_ROOT } from '../support/paths.js';
import { copyOfFixtureRepo, tempDir } from '../support/temp-dir.js';

const copyOfRemindRepo = () => copyOfFixtureRepo('remind-repo');

let api: GitHubApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const BOT = { login: 'github-actions[bot]', type: 'Bot' as const };

/** The stand-in with no issue yet, and the runner environment pointing at it. */
async function setUp(): Promise<{ env: NodeJS.ProcessEnv; root: string; api: GitHubApi }> {
  const base = commitId('main');
  api = await startGitHubApi(
    // No pull request is involved: number 0 leaves 1 to the first issue.
    repoState({ pull: { number: 0, author: BOT, headSha: base, baseSha: base } }),
  );
  const root = copyOfRemindRepo();
  return {
    root,
    api,
    env: {
      GITHUB_REPOSITORY: `${api.state.owner}/${api.state.repo}`,
      GITHUB_API_URL: api.url,
      GITHUB_WORKSPACE: root,
      INPUT_TOKEN: api.state.token,
    },
  };
}

/** The stand-in's issues, seeded or written through the API. */
const issuesOf = (stand: GitHubApi): SeedIssue[] => stand.state.issues ?? [];
const posts = (stand: GitHubApi) => stand.writes().filter((w) => w.method === 'POST');

const NOW = new Date('2026-11-04T08:00:00Z');

describe('the remind action', () => {
  it('opens one issue, edits it as the list changes, and closes it when nothing is due', async () => {
    const { env, api } = await setUp();

    const first = await runRemindAction({ ...env, PACKET_TODAY: '2026-11-04' }, NOW);
    expect(first).toEqual({ step: 'create', issue: 1, due: 3 });
    expect(issuesOf(api)[0]?.body?.split('\n')[0]).toBe(REMINDER_MARKER);
    expect(issuesOf(api)[0]?.body).toContain('cc @example-org/engineering-leads');

    const again = await runRemindAction({ ...env, PACKET_TODAY: '2026-11-04' }, NOW);
    expect(again).toEqual({ step: 'unchanged', issue: 1, due: 3 });

    const later = await runRemindAction({ ...env, PACKET_TODAY: '2026-12-21' }, NOW);
    expect(later).toEqual({ step: 'update', issue: 1, due: 8 });
    expect(issuesOf(api)).toHaveLength(1);
    expect(issuesOf(api)[0]?.body).toContain('Packet reminders for 2026-12-21');

    env.GITHUB_WORKSPACE = tempDir({ 'packets/.keep': '' });
    const quiet = await runRemindAction({ ...env, PACKET_TODAY: '2026-12-22' }, NOW);
    expect(quiet).toEqual({ step: 'close', issue: 1, due: 0 });
    expect(issuesOf(api)[0]).toMatchObject({ state: 'closed', stateReason: 'completed' });
    expect(issuesOf(api)[0]?.body).toContain('Nothing is due.');

    const still = await runRemindAction({ ...env, PACKET_TODAY: '2026-12-23' }, NOW);
    expect(still).toEqual({ step: 'none', issue: undefined, due: 0 });
    expect(posts(api)).toHaveLength(1);
    expect(api.violations).toEqual([]);
    expect(api.unhandled).toEqual([]);
  });

  it('finds its issue on a later page, and ignores a marker pasted into someone else’s', async () => {
    const { env, api } = await setUp();
    const { state } = api;
    // A full first page of other issues, so the reminder's own sits on the second.
    for (let n = 0; n < 98; n++) {
      addIssue(state, {
        title: `Other ${n}`,
        body: 'hello',
        state: 'open',
        user: { login: 'alice' },
      });
    }
    addIssue(state, {
      title: 'Copycat',
      body: `${REMINDER_MARKER}\nmine`,
      state: 'open',
      user: { login: 'mallory' },
    });
    addIssue(state, {
      title: 'A PR',
      body: REMINDER_MARKER,
      state: 'open',
      user: BOT,
      pullRequest: true,
    });
    addIssue(state, {
      title: 'Packet reminders',
      body: `${REMINDER_MARKER}\nold`,
      state: 'open',
      user: BOT,
    });

    const outcome = await runRemindAction({ ...env, PACKET_TODAY: '2026-11-04' }, NOW);

    expect(outcome).toEqual({ step: 'update', issue: 101, due: 3 });
    expect(issuesOf(api)[98]?.body).toBe(`${REMINDER_MARKER}\nmine`);
    expect(issuesOf(api)[99]?.body).toBe(REMINDER_MARKER);
    expect(issuesOf(api)[100]?.body).toContain('Packet reminders for 2026-11-04');
    expect(api.requests.filter((r) => r.method === 'GET')).toHaveLength(2);
    expect(api.writes().map((w) => `${w.method} ${w.path}`)).toEqual([
      'PATCH /repos/acme/cost-exceptions/issues/101',
    ]);
    expect(api.violations).toEqual([]);
  });

  it('uses the local date in the policy time zone when no day is given', async () => {
    const { env, api } = await setUp();
    // 23:30 UTC on the close day is already the day after the close in Berlin.
    await runRemindAction(env, new Date('2026-11-05T23:30:00Z'));
    expect(issuesOf(api)[0]?.body).toContain('2026-11-05 (1 day ago)');
  });

  it.each([
    [{ INPUT_TOKEN: '' }, 'no token'],
    [{ GITHUB_REPOSITORY: 'acme' }, 'GITHUB_REPOSITORY'],
    [{ PACKET_TODAY: '2026-02-30' }, 'PACKET_TODAY'],
  ])('refuses a broken environment %j', async (override, message) => {
    const { env, api } = await setUp();
    await expect(runRemindAction({ ...env, ...override }, NOW)).rejects.toThrow(message);
    expect(api.requests).toEqual([]);
  });

  const bin = path.join(REPO_ROOT, 'dist/scripts/action/remind.js');
  it.skipIf(!existsSync(bin))('runs from the build and writes its outputs', async () => {
    const { env, api } = await setUp();
    const output = path.join(tempDir({ output: '' }), 'output');
    // Asynchronous, so this process's loopback server can answer the child.
    const status = await new Promise<number | null>((resolve) => {
      const child = execFile(process.execPath, [bin], {
        env: { PATH: process.env.PATH, ...env, PACKET_TODAY: '2026-11-04', GITHUB_OUTPUT: output },
        timeout: 30_000,
      });
      child.on('exit', (code) => resolve(code));
    });
    expect(status).toBe(0);
    expect(issuesOf(api)).toHaveLength(1);
    expect(readFileSync(output, 'utf8')).toMatch(/step<<.*\ncreate\n/);
  });
});
