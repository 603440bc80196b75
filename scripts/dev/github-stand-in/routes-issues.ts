/**
 * The issue endpoints the reminder uses: open issues listed a page at a time (pull requests
 * included, as GitHub lists them), an issue opened, and one edited or closed. Issues start from
 * the `issues` webhook example, so their shape comes from GitHub.
 */
import examples, { type WebhookDefinition } from '@octokit/webhooks-examples' with { type: 'json' };
import type { components } from '@octokit/openapi-types';
import { user } from './objects.js';
import type { RepoState, SeedIssue } from './repo-state.js';
import { notFound, paged, REPO, type Route } from './routes.js';

type Schemas = components['schemas'];

const EXAMPLE_API = 'https://api.github.com';
const EXAMPLE_REPO = 'Codertocat/Hello-World';
const STAMP = '2026-10-20T08:00:00Z';

function exampleIssue(): Schemas['issue'] {
  const definitions = examples as unknown as WebhookDefinition[];
  const payload = definitions.find((d) => d.name === 'issues')?.examples[0] as
    { issue: Schemas['issue'] } | undefined;
  if (payload === undefined) throw new Error('no webhook example for issues');
  return structuredClone(payload.issue);
}

/** One seeded issue as the API answers it. */
export function issue(seed: SeedIssue, state: RepoState, apiUrl: string): Schemas['issue'] {
  const text = JSON.stringify(exampleIssue())
    .replaceAll(EXAMPLE_API, apiUrl)
    .replaceAll(EXAMPLE_REPO, `${state.owner}/${state.repo}`);
  const base = JSON.parse(text) as Schemas['issue'];
  const url = `${apiUrl}/repos/${state.owner}/${state.repo}/issues/${seed.number}`;
  const pulls = `${apiUrl}/repos/${state.owner}/${state.repo}/pulls/${seed.number}`;
  const pull = { url: pulls, html_url: pulls, diff_url: pulls, patch_url: pulls };
  return {
    ...base,
    id: 5_000_000 + seed.number,
    node_id: `I_${seed.number}`,
    number: seed.number,
    url,
    title: seed.title,
    body: seed.body,
    user: user(seed.user, apiUrl),
    labels: [],
    assignee: null,
    assignees: [],
    milestone: null,
    state: seed.state,
    state_reason: seed.stateReason ?? null,
    closed_at: seed.state === 'closed' ? STAMP : null,
    created_at: STAMP,
    updated_at: STAMP,
    ...(seed.pullRequest ? { pull_request: pull } : {}),
  };
}

/** The issues, after seeding with `addIssue` or writing through the API. */
function issuesOf(state: RepoState): SeedIssue[] {
  state.issues ??= [];
  return state.issues;
}

/** Seeds an issue numbered after every issue and pull request already there. */
export function addIssue(state: RepoState, seed: Omit<SeedIssue, 'number'>): SeedIssue {
  const taken = [state.pull.number, ...state.pulls.map((p) => p.number)];
  const number = Math.max(...taken, ...issuesOf(state).map((i) => i.number)) + 1;
  const added = { number, ...seed };
  issuesOf(state).push(added);
  return added;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export const ISSUE_ROUTES: Route[] = [
  {
    method: 'GET',
    operation: 'GET /repos/{owner}/{repo}/issues',
    pattern: new RegExp(`^${REPO}/issues$`),
    answer: ({ url, state, apiUrl }) => {
      const wanted = url.searchParams.get('state') ?? 'open';
      const listed = issuesOf(state)
        .filter((i) => wanted === 'all' || i.state === wanted)
        .sort(
          (a, b) => (url.searchParams.get('direction') === 'asc' ? 1 : -1) * (a.number - b.number),
        );
      return paged(
        listed.map((i) => issue(i, state, apiUrl)),
        url,
      );
    },
  },
  {
    method: 'POST',
    operation: 'POST /repos/{owner}/{repo}/issues',
    pattern: new RegExp(`^${REPO}/issues$`),
    answer: ({ body, state, apiUrl }) => {
      if (text(body.title) === '') {
        return {
          status: 422,
          body: { message: 'Validation Failed', documentation_url: 'https://docs.example.test' },
        };
      }
      const added = addIssue(state, {
        title: text(body.title),
        body: typeof body.body === 'string' ? body.body : null,
        state: 'open',
        user: state.tokenUser,
      });
      return { status: 201, body: issue(added, state, apiUrl) };
    },
  },
  {
    method: 'PATCH',
    operation: 'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
    pattern: new RegExp(`^${REPO}/issues/(?<number>\\d+)$`),
    answer: ({ params, body, state, apiUrl }) => {
      const found = issuesOf(state).find((i) => i.number === Number(params.number));
      if (found === undefined) return notFound();
      if (typeof body.title === 'string') found.title = body.title;
      if (typeof body.body === 'string') found.body = body.body;
      if (body.state === 'open' || body.state === 'closed') found.state = body.state;
      if (typeof body.state_reason === 'string') {
        found.stateReason = body.state_reason as SeedIssue['stateReason'];
      }
      return { status: 200, body: issue(found, state, apiUrl) };
    },
  },
];
