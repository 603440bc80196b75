/**
 * The few REST calls the reminder needs, on `@actions/github`'s octokit: find the open issue
 * that carries a marker, open one, edit one, close one.
 */
import { getOctokit } from '@actions/github';

export type Octokit = ReturnType<typeof getOctokit>;

/** Who opens the reminder issue when the workflow's own token is used. */
export const REMINDER_AUTHOR = 'github-actions[bot]';

export interface Repo {
  owner: string;
  repo: string;
}

/** An octokit for `token` talking to `apiUrl` (the runner's GITHUB_API_URL). */
export function issuesClient(token: string, apiUrl: string): Octokit {
  return getOctokit(token, { baseUrl: apiUrl.replace(/\/+$/, '') });
}

/**
 * The oldest open issue whose body starts with `marker` and that `author` opened. Only the
 * author's issues count: anyone can paste the marker into an issue of their own, and the
 * reminder must not take that issue over. Reads every page (pull requests are skipped).
 */
export async function findMarkedIssue(
  octokit: Octokit,
  repo: Repo,
  marker: string,
  author: string,
): Promise<{ number: number; body: string } | undefined> {
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
    ...repo,
    state: 'open',
    sort: 'created',
    direction: 'asc',
    per_page: 100,
  });
  const found = issues.find(
    (issue) =>
      issue.pull_request === undefined &&
      issue.user?.login.toLowerCase() === author.toLowerCase() &&
      (issue.body ?? '').startsWith(marker),
  );
  return found && { number: found.number, body: found.body ?? '' };
}

/** Opens an issue and returns its number. */
export async function createIssue(
  octokit: Octokit,
  repo: Repo,
  title: string,
  body: string,
): Promise<number> {
  const { data } = await octokit.rest.issues.create({ ...repo, title, body });
  return data.number;
}

/** Replaces an issue's body (and title). */
export async function updateIssue(
  octokit: Octokit,
  repo: Repo,
  number: number,
  title: string,
  body: string,
): Promise<void> {
  await octokit.rest.issues.update({ ...repo, issue_number: number, title, body });
}

/** Writes a last body and closes the issue as completed. */
export async function closeIssue(
  octokit: Octokit,
  repo: Repo,
  number: number,
  body: string,
): Promise<void> {
  await octokit.rest.issues.update({
    ...repo,
    issue_number: number,
    body,
    state: 'closed',
    state_reason: 'completed',
  });
}
