import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createGitHubClient,
  listPullFiles,
  listPullReviews,
  listTeamMembers,
  readFileAt,
  getPullRequest,
} from '../../scripts/io/github.js';
import { COMMENT_MARKER } from '../../scripts/core/render/markdown.js';
import { upsertComment, writeCheckRun } from '../../scripts/io/github-report.js';
import { commitId } from '../../scripts/dev/github-stand-in/git-blob.js';
import {
  repoState,
  type RepoState,
  type SeedReview,
  type SeedTeam,
} from '../../scripts/dev/github-stand-in/repo-state.js';
import { startGitHubApi, type GitHubApi } from '../../scripts/dev/github-stand-in/server.js';

const HEAD = commitId('head');
const BASE = commitId('base');
const REPO = { owner: 'acme', repo: 'cost-exceptions' };

function state(overrides: Partial<RepoState> = {}): RepoState {
  return repoState({
    pull: { number: 7, author: { login: 'alice' }, headSha: HEAD, baseSha: BASE },
    commits: { [HEAD]: { 'packets/ml-platform/p.yaml': 'exception_packet_id: X\n' } },
    ...overrides,
  });
}

function reviewBy(i: number): SeedReview {
  return {
    id: 100 + i,
    user: { login: `reviewer-${i}` },
    state: i % 2 === 0 ? 'APPROVED' : 'COMMENTED',
    commitId: HEAD,
    submittedAt: new Date(Date.UTC(2026, 0, 10, 9, i)).toISOString(),
  };
}

describe('GitHub reads', () => {
  let api: GitHubApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  async function client(seed: RepoState) {
    api = await startGitHubApi(seed);
    return createGitHubClient(seed.token, api.url);
  }

  it('reads every page of changed files, following the Link header', async () => {
    const files = Array.from({ length: 130 }, (_, i) => ({
      filename: `packets/team-${i}/p.yaml`,
      status: 'added' as const,
    }));
    const github = await client(state({ files }));

    const listed = await listPullFiles(github, REPO, 7);

    expect(listed).toHaveLength(130);
    expect(listed[129]).toEqual({ path: 'packets/team-129/p.yaml', status: 'added' });
    const pages = api!.requests.map((r) => r.query.page ?? '1');
    expect(pages).toEqual(['1', '2']);
    expect(api!.violations).toEqual([]);
  });

  it('keeps the previous path of a renamed file', async () => {
    const files = [
      { filename: 'packets/b/new.yaml', status: 'renamed' as const, previous_filename: 'a.yaml' },
    ];
    const github = await client(state({ files }));

    expect(await listPullFiles(github, REPO, 7)).toEqual([
      { path: 'packets/b/new.yaml', status: 'renamed', previousPath: 'a.yaml' },
    ]);
  });

  it('reads every page of reviews with login, account type, commit and time', async () => {
    const reviews = Array.from({ length: 135 }, (_, i) => reviewBy(i));
    reviews.push({ ...reviewBy(200), user: { login: 'ci-bot[bot]', type: 'Bot' } });
    const github = await client(state({ reviews }));

    const listed = await listPullReviews(github, REPO, 7);

    expect(listed).toHaveLength(136);
    expect(listed[134]).toEqual({
      id: 234,
      login: 'reviewer-134',
      accountType: 'User',
      state: 'APPROVED',
      commitId: HEAD,
      submittedAt: '2026-01-10T11:14:00.000Z',
      body: '',
    });
    expect(listed[135]).toMatchObject({ login: 'ci-bot[bot]', accountType: 'Bot' });
    expect(api!.violations).toEqual([]);
  });

  it('reads the pull request as it stands now', async () => {
    const github = await client(state());

    expect(await getPullRequest(github, REPO, 7)).toEqual({
      number: 7,
      author: 'alice',
      headSha: HEAD,
      baseSha: BASE,
    });
    expect(api!.violations).toEqual([]);
  });

  it('reads a file at a commit with the blob id git computes, and nothing where it is absent', async () => {
    const github = await client(state());
    const path = 'packets/ml-platform/p.yaml';

    const found = await readFileAt(github, REPO, path, HEAD);
    const absent = await readFileAt(github, REPO, path, BASE);

    const viaGit = execFileSync('git', ['hash-object', '--stdin'], {
      input: 'exception_packet_id: X\n',
    });
    expect(found).toMatchObject({ path, kind: 'file', blobId: viaGit.toString().trim() });
    expect(Buffer.from(found!.bytes!).toString('utf8')).toBe('exception_packet_id: X\n');
    expect(absent).toBeUndefined();
    expect(api!.requests.map((r) => r.query.ref)).toEqual([HEAD, BASE]);
    expect(api!.violations).toEqual([]);
  });

  it.each([
    { team: ['fin1', 'fin2'] as SeedTeam, expected: { readable: true, logins: ['fin1', 'fin2'] } },
    { team: 403 as SeedTeam, expected: { readable: false, status: 403 } },
    { team: 404 as SeedTeam, expected: { readable: false, status: 404 } },
  ])('reports team members, or that the team is not readable ($team)', async (c) => {
    const github = await client(state({ teams: { 'acme/finance': c.team } }));

    const members = await listTeamMembers(github, 'acme', 'finance');

    expect(members).toMatchObject(c.expected);
    expect(api!.violations).toEqual([]);
  });
});

describe('GitHub writes', () => {
  let api: GitHubApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it('creates the comment once and then updates it in place', async () => {
    const seed = state({
      comments: [{ id: 1, user: { login: 'mallory' }, body: `${COMMENT_MARKER}\nfake` }],
    });
    api = await startGitHubApi(seed);
    const github = createGitHubClient(seed.token, api.url);

    const first = await upsertComment(github, REPO, 7, `${COMMENT_MARKER}\none`);
    const second = await upsertComment(github, REPO, 7, `${COMMENT_MARKER}\ntwo`);

    expect(first.action).toBe('created');
    expect(second).toEqual({ id: first.id, action: 'updated' });
    expect(seed.comments.map((c) => c.body)).toEqual([
      `${COMMENT_MARKER}\nfake`,
      `${COMMENT_MARKER}\ntwo`,
    ]);
    expect(api.violations).toEqual([]);
  });

  it('creates the check run on the head commit and completes the same run next time', async () => {
    const seed = state();
    api = await startGitHubApi(seed);
    const github = createGitHubClient(seed.token, api.url);
    const report = {
      name: 'packet-signoff',
      headSha: HEAD,
      title: 'missing finance',
      summary: 'details',
    };

    const first = await writeCheckRun(github, REPO, { ...report, conclusion: 'failure' });
    const second = await writeCheckRun(github, REPO, { ...report, conclusion: 'success' });

    expect(first.action).toBe('created');
    expect(second).toEqual({ id: first.id, action: 'updated' });
    expect(seed.checkRuns).toHaveLength(1);
    expect(seed.checkRuns[0]).toMatchObject({
      headSha: HEAD,
      status: 'completed',
      conclusion: 'success',
      title: 'missing finance',
    });
    expect(api.violations).toEqual([]);
  });
});
