/**
 * Writes over the GitHub REST API for the alert intake: a branch from the default branch's
 * head, files committed to it with the contents API, and the draft pull request for it. Each
 * function does one request (or one page walk) and returns plain data; nothing here decides.
 */
import { httpStatus, type GitHubClient, type RepoRef } from './github.js';

/** An open pull request, as the intake reads it back. */
export interface OpenPull {
  number: number;
  body: string | null;
  draft: boolean;
  htmlUrl: string;
}

/** The commit a branch points at, or undefined when there is no such branch. */
export async function branchHead(
  client: GitHubClient,
  repo: RepoRef,
  branch: string,
): Promise<string | undefined> {
  try {
    const { data } = await client.rest.git.getRef({ ...repo, ref: `heads/${branch}` });
    return data.object.sha;
  } catch (error) {
    if (httpStatus(error) === 404) return undefined;
    throw error;
  }
}

/** Creates `branch` at `sha`. */
export async function createBranch(
  client: GitHubClient,
  repo: RepoRef,
  branch: string,
  sha: string,
): Promise<void> {
  await client.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha });
}

/**
 * Commits `bytes` at `path` on `branch`. `replacing` is the blob id of the file there now, which
 * GitHub requires to replace one; omit it for a new file.
 */
export async function putFile(
  client: GitHubClient,
  repo: RepoRef,
  file: { path: string; bytes: Uint8Array; branch: string; message: string; replacing?: string },
): Promise<void> {
  await client.rest.repos.createOrUpdateFileContents({
    ...repo,
    path: file.path,
    branch: file.branch,
    message: file.message,
    content: Buffer.from(file.bytes).toString('base64'),
    ...(file.replacing === undefined ? {} : { sha: file.replacing }),
  });
}

/** The open pull request from `branch` in this repository, if there is one. */
export async function findOpenPull(
  client: GitHubClient,
  repo: RepoRef,
  branch: string,
): Promise<OpenPull | undefined> {
  const pulls = await client.paginate(client.rest.pulls.list, {
    ...repo,
    state: 'open',
    head: `${repo.owner}:${branch}`,
    per_page: 100,
  });
  const pull = pulls.find((p) => p.head.ref === branch);
  return pull === undefined ? undefined : toOpenPull(pull);
}

/** Opens a draft pull request from `head` into `base`. */
export async function openDraftPull(
  client: GitHubClient,
  repo: RepoRef,
  pull: { head: string; base: string; title: string; body: string },
): Promise<OpenPull> {
  const { data } = await client.rest.pulls.create({ ...repo, ...pull, draft: true });
  return toOpenPull(data);
}

/** Opens a pull request, ready for review, from `head` into `base`. */
export async function openPull(
  client: GitHubClient,
  repo: RepoRef,
  pull: { head: string; base: string; title: string; body: string },
): Promise<OpenPull> {
  const { data } = await client.rest.pulls.create({ ...repo, ...pull });
  return toOpenPull(data);
}

/** Replaces a pull request's title and body. */
export async function updatePull(
  client: GitHubClient,
  repo: RepoRef,
  number: number,
  text: { title: string; body: string },
): Promise<void> {
  await client.rest.pulls.update({ ...repo, pull_number: number, ...text });
}

/**
 * Requests review from teams (slugs). A team GitHub will not request (not a collaborator, or
 * the token may not) is reported, not thrown: the pull request stands without it.
 */
export async function requestTeamReview(
  client: GitHubClient,
  repo: RepoRef,
  number: number,
  teams: string[],
): Promise<{ requested: true } | { requested: false; status: number; message: string }> {
  try {
    await client.rest.pulls.requestReviewers({
      ...repo,
      pull_number: number,
      team_reviewers: teams,
    });
    return { requested: true };
  } catch (error) {
    const status = httpStatus(error);
    if (status !== 403 && status !== 422) throw error;
    return { requested: false, status, message: error instanceof Error ? error.message : '' };
  }
}

function toOpenPull(pull: {
  number: number;
  body: string | null;
  draft?: boolean;
  html_url: string;
}): OpenPull {
  return {
    number: pull.number,
    body: pull.body,
    draft: pull.draft ?? false,
    htmlUrl: pull.html_url,
  };
}
