/**
 * The endpoints the alert intake writes through: branch refs, the contents API's PUT, and
 * pull requests listed, opened, edited and given team reviewers. Each keeps GitHub's refusals
 * that matter to the intake: an existing ref, a stale or missing file `sha`, a second pull
 * request for the same head.
 */
import { commitId } from './git-blob.js';
import { basicError } from './objects.js';
import { branchSha } from './branch-sha.js';
import { fileCommit, gitRef, openedPull } from './objects-pulls.js';
import type { SeedPull } from './repo-state.js';
import { gitBlobId } from './git-blob.js';
import { notFound, paged, REPO, type Answer, type Route, type RouteRequest } from './routes.js';

function invalid(message: string): Answer {
  return {
    status: 422,
    body: { message, documentation_url: 'https://docs.example.test/rest', errors: [] },
  };
}

/** A body field as text; anything but a string is empty, as a bad request would be. */
function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function pullOf({ params, state }: RouteRequest): SeedPull | undefined {
  return state.pulls.find((p) => p.number === Number(params.number));
}

export const BRANCH_ROUTES: Route[] = [
  {
    method: 'GET',
    operation: 'GET /repos/{owner}/{repo}/git/ref/{ref}',
    pattern: new RegExp(`^${REPO}/git/ref/(?<ref>.+)$`),
    answer: ({ params, state, apiUrl }) => {
      const branch = (params.ref ?? '').replace(/^heads\//, '');
      const sha = state.refs[branch];
      if (sha === undefined) return notFound();
      return { status: 200, body: gitRef(branch, sha, state, apiUrl) };
    },
  },
  {
    method: 'POST',
    operation: 'POST /repos/{owner}/{repo}/git/refs',
    pattern: new RegExp(`^${REPO}/git/refs$`),
    answer: ({ body, state, apiUrl }) => {
      const ref = text(body.ref);
      const sha = text(body.sha);
      if (!ref.startsWith('refs/heads/')) return invalid('Reference name must start with refs/');
      if (state.commits[sha] === undefined) return invalid('Object does not exist');
      const branch = ref.slice('refs/heads/'.length);
      if (state.refs[branch] !== undefined) return invalid('Reference already exists');
      state.refs[branch] = sha;
      return { status: 201, body: gitRef(branch, sha, state, apiUrl) };
    },
  },
  {
    method: 'PUT',
    operation: 'PUT /repos/{owner}/{repo}/contents/{path}',
    pattern: new RegExp(`^${REPO}/contents/(?<path>.+)$`),
    answer: ({ params, body, state, apiUrl }) => {
      const path = params.path ?? '';
      const branch = text(body.branch);
      const parent = state.refs[branch];
      if (parent === undefined) return notFound();
      const files = state.commits[parent] ?? {};

      // GitHub refuses to replace a file unless told the blob being replaced.
      const existing = files[path];
      if (existing !== undefined && body.sha !== gitBlobId(existing)) {
        const message = body.sha === undefined ? '"sha" wasn\'t supplied.' : 'does not match';
        return { status: 409, body: basicError(`${path} ${message}`, 409) };
      }
      const content = Buffer.from(text(body.content), 'base64').toString('utf8');
      const sha = commitId(`${branch} ${Object.keys(state.commits).length}`);
      state.commits[sha] = { ...files, [path]: content };
      state.refs[branch] = sha;
      const commit = { sha, parent, message: text(body.message) };
      const answer = fileCommit(path, content, commit, state, apiUrl);
      return { status: existing === undefined ? 201 : 200, body: answer };
    },
  },
  {
    method: 'GET',
    operation: 'GET /repos/{owner}/{repo}/pulls',
    pattern: new RegExp(`^${REPO}/pulls$`),
    answer: ({ url, state, apiUrl }) => {
      const wanted = url.searchParams.get('state') ?? 'open';
      const head = url.searchParams.get('head');
      const pulls = state.pulls.filter(
        (p) =>
          (wanted === 'all' || p.state === wanted) &&
          (head === null || `${state.owner}:${p.head}` === head),
      );
      return paged(
        pulls.map((p) => openedPull(p, state, apiUrl)),
        url,
      );
    },
  },
  {
    method: 'POST',
    operation: 'POST /repos/{owner}/{repo}/pulls',
    pattern: new RegExp(`^${REPO}/pulls$`),
    answer: ({ body, state, apiUrl }) => {
      const head = text(body.head);
      const base = text(body.base);
      if (branchSha(state, head) === undefined || branchSha(state, base) === undefined) {
        return invalid('Validation Failed: head or base does not exist');
      }
      if (state.pulls.some((p) => p.head === head && p.state === 'open')) {
        return invalid(`A pull request already exists for ${state.owner}:${head}.`);
      }
      const pull: SeedPull = {
        number: Math.max(state.pull.number, ...state.pulls.map((p) => p.number)) + 1,
        title: text(body.title),
        body: typeof body.body === 'string' ? body.body : null,
        head,
        base,
        draft: body.draft === true,
        state: 'open',
        teamReviewers: [],
        author: state.tokenUser,
      };
      state.pulls.push(pull);
      return { status: 201, body: openedPull(pull, state, apiUrl) };
    },
  },
  {
    method: 'PATCH',
    operation: 'PATCH /repos/{owner}/{repo}/pulls/{pull_number}',
    pattern: new RegExp(`^${REPO}/pulls/(?<number>\\d+)$`),
    answer: (r) => {
      const pull = pullOf(r);
      if (pull === undefined) return notFound();
      if (typeof r.body.title === 'string') pull.title = r.body.title;
      if (typeof r.body.body === 'string') pull.body = r.body.body;
      if (r.body.state === 'open' || r.body.state === 'closed') pull.state = r.body.state;
      return { status: 200, body: openedPull(pull, r.state, r.apiUrl) };
    },
  },
  {
    method: 'POST',
    operation: 'POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers',
    pattern: new RegExp(`^${REPO}/pulls/(?<number>\\d+)/requested_reviewers$`),
    answer: (r) => {
      const pull = pullOf(r);
      if (pull === undefined) return notFound();
      const teams = Array.isArray(r.body.team_reviewers) ? r.body.team_reviewers.map(String) : [];
      const unknown = teams.find((slug) => r.state.teams[`${r.state.owner}/${slug}`] === undefined);
      if (unknown !== undefined) {
        return invalid(`Reviews may only be requested from collaborators: ${unknown}`);
      }
      pull.teamReviewers = [...new Set([...pull.teamReviewers, ...teams])];
      return { status: 201, body: openedPull(pull, r.state, r.apiUrl) };
    },
  },
];
