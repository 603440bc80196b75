import { execFileSync } from 'node:child_process';
import type { components } from '@octokit/openapi-types';
import { afterEach, describe, expect, it } from 'vitest';
import { commitId, gitBlobId } from '../../../scripts/dev/github-stand-in/git-blob.js';
import { repoState, type RepoState } from '../../../scripts/dev/github-stand-in/repo-state.js';
import { startGitHubApi, type GitHubApi } from '../../../scripts/dev/github-stand-in/server.js';

const HEAD = commitId('head');
const BASE = commitId('base');

function seeded(): RepoState {
  const files = Array.from({ length: 65 }, (_, i) => ({
    filename: `packets/ml-platform/f${String(i).padStart(2, '0')}.yaml`,
    status: 'added' as const,
  }));
  return repoState({
    pull: { number: 12, author: { login: 'alice' }, headSha: HEAD, baseSha: BASE },
    commits: { [HEAD]: { 'packets/ml-platform/a.yaml': 'id: a\n' }, [BASE]: {} },
    files,
    reviews: [
      {
        id: 1,
        user: { login: 'bob' },
        state: 'APPROVED',
        commitId: HEAD,
        submittedAt: '2026-01-10T09:00:00Z',
      },
    ],
    teams: { 'acme/finance': ['fin1', 'fin2'], 'acme/secret': 403 },
  });
}

type Schemas = components['schemas'];

async function call<T = unknown>(api: GitHubApi, method: string, path: string, body?: unknown) {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `token ${api.state.token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    link: response.headers.get('link'),
    json: (await response.json()) as T,
  };
}

describe('GitHub API stand-in', () => {
  let api: GitHubApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it('pages pull request files 30 at a time with GitHub Link headers', async () => {
    api = await startGitHubApi(seeded());

    const first = await call(api, 'GET', '/repos/acme/cost-exceptions/pulls/12/files');
    const last = await call(api, 'GET', '/repos/acme/cost-exceptions/pulls/12/files?page=3');

    expect(first.json).toHaveLength(30);
    expect(first.link).toContain('page=2>; rel="next"');
    expect(first.link).toContain('page=3>; rel="last"');
    expect(last.json).toHaveLength(5);
    expect(last.link).not.toContain('rel="next"');
    expect(api.violations).toEqual([]);
  });

  it('serves file contents in base64 with the git blob id git itself computes', async () => {
    api = await startGitHubApi(seeded());
    const path = encodeURIComponent('packets/ml-platform/a.yaml');

    const found = await call<Schemas['content-file']>(
      api,
      'GET',
      `/repos/acme/cost-exceptions/contents/${path}?ref=${HEAD}`,
    );
    const missing = await call(
      api,
      'GET',
      `/repos/acme/cost-exceptions/contents/${path}?ref=${BASE}`,
    );

    const viaGit = execFileSync('git', ['hash-object', '--stdin'], { input: 'id: a\n' });
    expect(found.status).toBe(200);
    expect(found.json.sha).toBe(viaGit.toString().trim());
    expect(found.json.sha).toBe(gitBlobId('id: a\n'));
    expect(Buffer.from(found.json.content, 'base64').toString()).toBe('id: a\n');
    expect(missing.status).toBe(404);
    expect(api.violations).toEqual([]);
  });

  it('answers team members, 403 for an unreadable team and 404 for an unknown one', async () => {
    api = await startGitHubApi(seeded());

    const finance = await call(api, 'GET', '/orgs/acme/teams/finance/members');
    const secret = await call(api, 'GET', '/orgs/acme/teams/secret/members');
    const unknown = await call(api, 'GET', '/orgs/acme/teams/nobody/members');

    const members = finance.json as Schemas['team-member'][];
    expect(members.map((m) => m.login)).toEqual(['fin1', 'fin2']);
    expect([secret.status, unknown.status]).toEqual([403, 404]);
    expect(api.violations).toEqual([]);
  });

  it('creates and updates check runs and comments, and records each write', async () => {
    api = await startGitHubApi(seeded());
    const repo = '/repos/acme/cost-exceptions';

    const run = await call<Schemas['check-run']>(api, 'POST', `${repo}/check-runs`, {
      name: 'packet-signoff',
      head_sha: HEAD,
      status: 'in_progress',
    });
    await call(api, 'PATCH', `${repo}/check-runs/${run.json.id}`, {
      conclusion: 'failure',
      output: { title: 't', summary: 's' },
    });
    const comment = await call<Schemas['issue-comment']>(
      api,
      'POST',
      `${repo}/issues/12/comments`,
      { body: 'one' },
    );
    await call(api, 'PATCH', `${repo}/issues/comments/${comment.json.id}`, { body: 'two' });
    const listed = await call<{ check_runs: Schemas['check-run'][] }>(
      api,
      'GET',
      `${repo}/commits/${HEAD}/check-runs?check_name=packet-signoff`,
    );
    const reviews = await call<Schemas['pull-request-review'][]>(
      api,
      'GET',
      `${repo}/pulls/12/reviews`,
    );
    const pull = await call<Schemas['pull-request']>(api, 'GET', `${repo}/pulls/12`);

    expect(listed.json.check_runs[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(api.state.comments.map((c) => c.body)).toEqual(['two']);
    expect(api.writes().map((w) => `${w.method} ${w.status}`)).toEqual([
      'POST 201',
      'PATCH 200',
      'POST 201',
      'PATCH 200',
    ]);
    expect(reviews.json[0]).toMatchObject({ state: 'APPROVED', commit_id: HEAD });
    expect(pull.json.head.sha).toBe(HEAD);
    expect(api.violations).toEqual([]);
  });

  it('keeps GitHub refusals for branches, files and pull requests the intake relies on', async () => {
    const state = seeded();
    state.refs = { main: BASE };
    state.commits[BASE] = { 'README.md': 'hi\n' };
    api = await startGitHubApi(state);
    const repo = '/repos/acme/cost-exceptions';
    const put = (sha?: string) =>
      call(api!, 'PUT', `${repo}/contents/${encodeURIComponent('a/b.txt')}`, {
        message: 'm',
        branch: 'topic',
        content: Buffer.from('one\n').toString('base64'),
        ...(sha === undefined ? {} : { sha }),
      });

    const ref = await call(api, 'POST', `${repo}/git/refs`, { ref: 'refs/heads/topic', sha: BASE });
    const again = await call(api, 'POST', `${repo}/git/refs`, {
      ref: 'refs/heads/topic',
      sha: BASE,
    });
    const created = await put();
    const stale = await put();
    const replaced = await put(gitBlobId('one\n'));
    const got = await call(api, 'GET', `${repo}/git/ref/${encodeURIComponent('heads/topic')}`);
    const open = { head: 'topic', base: 'main', title: 't', body: 'b', draft: true };
    const pull = await call<Schemas['pull-request']>(api, 'POST', `${repo}/pulls`, open);
    const second = await call(api, 'POST', `${repo}/pulls`, open);
    const listed = await call<Schemas['pull-request-simple'][]>(
      api,
      'GET',
      `${repo}/pulls?state=open&head=acme:topic`,
    );

    expect([ref.status, again.status]).toEqual([201, 422]);
    expect([created.status, stale.status, replaced.status]).toEqual([201, 409, 200]);
    expect(got.status).toBe(200);
    expect(pull.json).toMatchObject({ number: 13, draft: true, head: { ref: 'topic' } });
    expect(second.status).toBe(422);
    expect(listed.json.map((p) => p.number)).toEqual([13]);
    expect(api.violations).toEqual([]);
  });

  it('refuses a request without the seeded token', async () => {
    api = await startGitHubApi(seeded());

    const response = await fetch(`${api.url}/repos/acme/cost-exceptions/pulls/12`);

    expect(response.status).toBe(401);
  });

  it('reports an answer that breaks the published schema', async () => {
    const state = seeded();
    state.reviews[0]!.commitId = 42 as unknown as string;
    api = await startGitHubApi(state);

    await call(api, 'GET', '/repos/acme/cost-exceptions/pulls/12/reviews');

    expect(api.violations).toHaveLength(1);
    expect(api.violations[0]!.errors.join()).toContain('/0/commit_id must be string');
  });
});
