/**
 * The REST endpoints the stand-in serves. Each route names the operation as GitHub's OpenAPI
 * description does, so its answers can be checked against that operation's schema.
 */
import {
  basicError,
  checkRun,
  contentFile,
  diffEntry,
  gitTree,
  issueComment,
  pullRequest,
  review,
  user,
} from './objects.js';
import { paginate } from './pagination.js';
import type { RepoState, SeedCheckRun } from './repo-state.js';

export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface RouteRequest {
  url: URL;
  params: Record<string, string>;
  body: Record<string, unknown>;
  state: RepoState;
  apiUrl: string;
}

export interface Route {
  method: string;
  operation: string;
  pattern: RegExp;
  answer: (request: RouteRequest) => Answer;
}

export const REPO = '/repos/(?<owner>[^/]+)/(?<repo>[^/]+)';

export function paged(items: unknown[], url: URL): Answer {
  const page = paginate(items, url);
  const headers: Record<string, string> = page.link === undefined ? {} : { link: page.link };
  return { status: 200, body: page.items, headers };
}

export function notFound(): Answer {
  return { status: 404, body: basicError('Not Found', 404) };
}

function samePull({ params, state }: RouteRequest): boolean {
  return Number(params.number) === state.pull.number;
}

export const ROUTES: Route[] = [
  {
    method: 'GET',
    operation: 'GET /repos/{owner}/{repo}/pulls/{pull_number}',
    pattern: new RegExp(`^${REPO}/pulls/(?<number>\\d+)$`),
    answer: (r) =>
      samePull(r) ? { status: 200, body: pullRequest(r.state, r.apiUrl) } : notFound(),
  },
  {
    method: 'GET',
    operation: 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files',
    pattern: new RegExp(`^${REPO}/pulls/(?<number>\\d+)/files$`),
    answer: (r) =>
      samePull(r)
        ? paged(
            r.state.files.map((f) => diffEntry(f, r.state, r.apiUrl)),
            r.url,
          )
        : notFound(),
  },
  {
    method: 'GET',
    operation: 'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews',
    pattern: new RegExp(`^${REPO}/pulls/(?<number>\\d+)/reviews$`),
    answer: (r) =>
      samePull(r)
        ? paged(
            r.state.reviews.map((v) => review(v, r.state, r.apiUrl)),
            r.url,
          )
        : notFound(),
  },
  {
    method: 'GET',
    operation: 'GET /repos/{owner}/{repo}/contents/{path}',
    pattern: new RegExp(`^${REPO}/contents/(?<path>.+)$`),
    answer: ({ url, params, state, apiUrl }) => {
      const ref = url.searchParams.get('ref') ?? state.pull.baseSha;
      // A branch name reads the commit the branch points at, as GitHub resolves it.
      const commit = state.refs[ref] ?? ref;
      const path = params.path ?? '';
      const text = state.commits[commit]?.[path];
      if (text === undefined) return notFound();
      // Like GitHub, a symlink to a file in the repository answers with the target's content:
      // the contents API alone cannot tell a link from a file.
      const mode = state.modes?.[commit]?.[path];
      const target = mode === '120000' ? state.commits[commit]?.[text] : undefined;
      if (target !== undefined) {
        return { status: 200, body: contentFile(text, target, ref, state, apiUrl) };
      }
      return { status: 200, body: contentFile(path, text, ref, state, apiUrl) };
    },
  },
  {
    method: 'GET',
    operation: 'GET /repos/{owner}/{repo}/git/trees/{tree_sha}',
    pattern: new RegExp(`^${REPO}/git/trees/(?<sha>[^/]+)$`),
    answer: ({ url, params, state, apiUrl }) => {
      if (state.commits[params.sha ?? ''] === undefined) return notFound();
      const recursive = url.searchParams.get('recursive') !== null;
      return { status: 200, body: gitTree(params.sha ?? '', recursive, state, apiUrl) };
    },
  },
  {
    method: 'GET',
    operation: 'GET /orgs/{org}/teams/{team_slug}/members',
    pattern: /^\/orgs\/(?<org>[^/]+)\/teams\/(?<slug>[^/]+)\/members$/,
    answer: ({ url, params, state, apiUrl }) => {
      const team = state.teams[`${params.org}/${params.slug}`.toLowerCase()];
      if (team === undefined || team === 404) return notFound();
      if (team === 403) {
        return { status: 403, body: basicError('Resource not accessible by integration', 403) };
      }
      return paged(
        team.map((login) => user({ login }, apiUrl)),
        url,
      );
    },
  },
  {
    method: 'GET',
    operation: 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs',
    pattern: new RegExp(`^${REPO}/commits/(?<ref>[^/]+)/check-runs$`),
    answer: ({ url, params, state, apiUrl }) => {
      const name = url.searchParams.get('check_name');
      const runs = state.checkRuns.filter(
        (run) => run.headSha === params.ref && (name === null || run.name === name),
      );
      const page = paginate(runs, url);
      const body = {
        total_count: runs.length,
        check_runs: page.items.map((run) => checkRun(run, state, apiUrl)),
      };
      const headers: Record<string, string> = page.link === undefined ? {} : { link: page.link };
      return { status: 200, body, headers };
    },
  },
  {
    method: 'POST',
    operation: 'POST /repos/{owner}/{repo}/check-runs',
    pattern: new RegExp(`^${REPO}/check-runs$`),
    answer: ({ body, state, apiUrl }) => {
      const run: SeedCheckRun = {
        id: 9000 + state.checkRuns.length + 1,
        name: String(body.name),
        headSha: String(body.head_sha),
        status: 'queued',
        conclusion: null,
        title: null,
        summary: null,
        text: null,
      };
      applyCheckRunBody(run, body);
      state.checkRuns.push(run);
      return { status: 201, body: checkRun(run, state, apiUrl) };
    },
  },
  {
    method: 'PATCH',
    operation: 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}',
    pattern: new RegExp(`^${REPO}/check-runs/(?<id>\\d+)$`),
    answer: ({ params, body, state, apiUrl }) => {
      const run = state.checkRuns.find((r) => r.id === Number(params.id));
      if (run === undefined) return notFound();
      applyCheckRunBody(run, body);
      return { status: 200, body: checkRun(run, state, apiUrl) };
    },
  },
  {
    method: 'GET',
    operation: 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
    pattern: new RegExp(`^${REPO}/issues/(?<number>\\d+)/comments$`),
    answer: (r) =>
      samePull(r)
        ? paged(
            r.state.comments.map((c) => issueComment(c, r.state, r.apiUrl)),
            r.url,
          )
        : notFound(),
  },
  {
    method: 'POST',
    operation: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
    pattern: new RegExp(`^${REPO}/issues/(?<number>\\d+)/comments$`),
    answer: (r) => {
      if (!samePull(r)) return notFound();
      const comment = {
        id: 7000 + r.state.comments.length + 1,
        user: r.state.tokenUser,
        body: String(r.body.body),
      };
      r.state.comments.push(comment);
      return { status: 201, body: issueComment(comment, r.state, r.apiUrl) };
    },
  },
  {
    method: 'PATCH',
    operation: 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
    pattern: new RegExp(`^${REPO}/issues/comments/(?<id>\\d+)$`),
    answer: ({ params, body, state, apiUrl }) => {
      const comment = state.comments.find((c) => c.id === Number(params.id));
      if (comment === undefined) return notFound();
      comment.body = String(body.body);
      return { status: 200, body: issueComment(comment, state, apiUrl) };
    },
  },
];

function applyCheckRunBody(run: SeedCheckRun, body: Record<string, unknown>): void {
  if (typeof body.status === 'string') run.status = body.status as SeedCheckRun['status'];
  if (typeof body.conclusion === 'string') {
    run.conclusion = body.conclusion;
    run.status = 'completed';
  }
  const output = body.output as Record<string, unknown> | undefined;
  if (output !== undefined) {
    run.title = typeof output.title === 'string' ? output.title : null;
    run.summary = typeof output.summary === 'string' ? output.summary : null;
    run.text = typeof output.text === 'string' ? output.text : null;
  }
}
