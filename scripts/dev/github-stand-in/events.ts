/**
 * Event payloads for the entry point, taken from GitHub's webhook examples and moved onto the
 * seeded repository, pull request and commits in code (nothing copied into fixtures).
 */
import examples, { type WebhookDefinition } from '@octokit/webhooks-examples' with { type: 'json' };
import type { RepoState, SeedReview } from './repo-state.js';

type Payload = Record<string, unknown> & {
  pull_request: Record<string, unknown> & {
    head: Record<string, unknown>;
    base: Record<string, unknown>;
  };
  repository: Record<string, unknown> & { owner: Record<string, unknown> };
};

function examplePayload(event: string, action: string): Payload {
  const definitions = examples as unknown as WebhookDefinition[];
  const found = definitions
    .find((d) => d.name === event)
    ?.examples.find((e) => (e as { action?: string }).action === action);
  if (found === undefined) throw new Error(`no webhook example for ${event}.${action}`);
  return structuredClone(found) as unknown as Payload;
}

function onState(payload: Payload, state: RepoState): Payload {
  payload.repository.name = state.repo;
  payload.repository.full_name = `${state.owner}/${state.repo}`;
  payload.repository.owner.login = state.owner;
  payload.number = state.pull.number;
  payload.pull_request.number = state.pull.number;
  payload.pull_request.user = {
    ...(payload.pull_request.user as object),
    login: state.pull.author.login,
  };
  payload.pull_request.head.sha = state.pull.headSha;
  payload.pull_request.base.sha = state.pull.baseSha;
  return payload;
}

/** A `pull_request` payload (`opened`, `synchronize`...) for the seeded pull request. */
export function pullRequestEvent(state: RepoState, action: string): Payload {
  return onState(examplePayload('pull_request', action), state);
}

/** A `pull_request_review` payload for one seeded review. */
export function reviewEvent(state: RepoState, review: SeedReview, action = 'submitted'): Payload {
  const payload = onState(examplePayload('pull_request_review', action), state);
  const body = payload.review as Record<string, unknown>;
  payload.review = {
    ...body,
    id: review.id,
    user: { ...(body.user as object), login: review.user.login },
    commit_id: review.commitId,
    state: review.state.toLowerCase(),
    submitted_at: review.submittedAt,
  };
  return payload;
}

/**
 * The `pull_request` closed payload for the seeded pull request once `state.pull.closed` is
 * set: merged (with its merge commit) or closed unmerged, as the recorder receives it.
 */
export function closedPullEvent(state: RepoState, baseRef = 'main'): Payload {
  const closed = state.pull.closed;
  if (closed === undefined) throw new Error('the seeded pull request is not closed');
  const payload = pullRequestEvent(state, 'closed');
  const pr = payload.pull_request;
  pr.state = 'closed';
  pr.merged = closed.mergeCommit !== undefined;
  pr.merge_commit_sha = closed.mergeCommit ?? null;
  pr.merged_at = closed.mergeCommit === undefined ? null : closed.at;
  pr.closed_at = closed.at;
  pr.base.ref = baseRef;
  return payload;
}
