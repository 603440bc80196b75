/**
 * Thin reads over the GitHub REST API for the sign-off gate: the pull request, every page of its
 * files and reviews, file contents and blob ids at a commit, and team members. Each function
 * returns plain data in the shapes the core takes; nothing here decides anything.
 */
import { getOctokit } from '@actions/github';
import type { ChangedFile, ReviewInput } from '../core/signoff/types.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface PullRequestFacts {
  number: number;
  author: string;
  headSha: string;
  baseSha: string;
}

/** A path at a commit: its git blob id, and its bytes when it is a file small enough to read. */
export interface FileAtRef {
  path: string;
  kind: 'file' | 'dir' | 'symlink' | 'submodule';
  blobId: string;
  /** The blob's bytes; undefined for anything but a file, or a file sent without content. */
  bytes: Uint8Array | undefined;
}

export type TeamMembers =
  { readable: true; logins: string[] } | { readable: false; status: number; message: string };

// The largest page GitHub serves; fewer round trips than its default of 30.
const PER_PAGE = 100;

/** A client for the REST API at `apiUrl` (GITHUB_API_URL), authenticated with `token`. */
export function createGitHubClient(token: string, apiUrl: string): GitHubClient {
  return getOctokit(token, { baseUrl: apiUrl.replace(/\/+$/, '') });
}

/** The HTTP status of a failed request, or undefined when the failure was not an answer. */
export function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  return typeof error.status === 'number' ? error.status : undefined;
}

/** The pull request as it stands now: the event payload may already be out of date. */
export async function getPullRequest(
  client: GitHubClient,
  repo: RepoRef,
  number: number,
): Promise<PullRequestFacts> {
  const { data } = await client.rest.pulls.get({ ...repo, pull_number: number });
  return {
    number: data.number,
    author: data.user.login,
    headSha: data.head.sha,
    baseSha: data.base.sha,
  };
}

/** Every changed file, all pages. TODO: GitHub lists at most 3000 files; larger PRs are cut. */
export async function listPullFiles(
  client: GitHubClient,
  repo: RepoRef,
  number: number,
): Promise<ChangedFile[]> {
  const files = await client.paginate(client.rest.pulls.listFiles, {
    ...repo,
    pull_number: number,
    per_page: PER_PAGE,
  });
  return files.map((file) => ({
    path: file.filename,
    status: file.status,
    ...(file.previous_filename === undefined ? {} : { previousPath: file.previous_filename }),
  }));
}

/** Every review in the order GitHub lists them (chronological), all pages. */
export async function listPullReviews(
  client: GitHubClient,
  repo: RepoRef,
  number: number,
): Promise<ReviewInput[]> {
  const reviews = await client.paginate(client.rest.pulls.listReviews, {
    ...repo,
    pull_number: number,
    per_page: PER_PAGE,
  });

  // A deleted account shows as a null user; it keeps its place but can never count.
  return reviews.map((review) => ({
    id: review.id,
    login: review.user?.login ?? '',
    accountType: review.user?.type ?? 'Unknown',
    state: review.state,
    commitId: review.commit_id ?? '',
    submittedAt: review.submitted_at ?? '',
    body: review.body,
  }));
}

/** A path at a commit, or undefined when the commit has nothing there. */
export async function readFileAt(
  client: GitHubClient,
  repo: RepoRef,
  path: string,
  ref: string,
): Promise<FileAtRef | undefined> {
  let data;
  try {
    ({ data } = await client.rest.repos.getContent({ ...repo, path, ref }));
  } catch (error) {
    if (httpStatus(error) === 404) return undefined;
    throw error;
  }

  // A directory answers with its entries; its own blob id is not part of the answer.
  if (Array.isArray(data)) return { path, kind: 'dir', blobId: '', bytes: undefined };
  if (data.type !== 'file') {
    return { path, kind: data.type as FileAtRef['kind'], blobId: data.sha, bytes: undefined };
  }

  // Files over 1 MB come with encoding `none` and no content; the blob id is still exact.
  const content = 'content' in data && typeof data.content === 'string' ? data.content : '';
  const encoding = 'encoding' in data ? data.encoding : 'none';
  const bytes = encoding === 'base64' ? Buffer.from(content, 'base64') : undefined;
  return { path, kind: 'file', blobId: data.sha, bytes };
}

/**
 * Members of `org/slug`, all pages. A token without `members: read` (the default
 * GITHUB_TOKEN) gets 403 or 404; that is reported as not readable, not thrown.
 */
export async function listTeamMembers(
  client: GitHubClient,
  org: string,
  slug: string,
): Promise<TeamMembers> {
  try {
    const members = await client.paginate(client.rest.teams.listMembersInOrg, {
      org,
      team_slug: slug,
      per_page: PER_PAGE,
    });
    return { readable: true, logins: members.map((member) => member.login) };
  } catch (error) {
    const status = httpStatus(error);
    if (status !== 403 && status !== 404) throw error;
    const message = error instanceof Error ? error.message : String(error);
    return { readable: false, status, message };
  }
}

/** A tree entry git does not store as a plain file: a symlink (120000) or a submodule (160000). */
export interface SpecialEntry {
  path: string;
  kind: 'symlink' | 'submodule';
}

/**
 * Symlinks and submodules under `folder` at a commit, from the trees API. The contents API
 * cannot be asked: for a symlink to a file it answers with the target's bytes. Throws when
 * GitHub cut the listing short, since a partial answer could hide an entry.
 */
export async function listSpecialEntries(
  client: GitHubClient,
  repo: RepoRef,
  commit: string,
  folder: string,
): Promise<SpecialEntry[]> {
  const { data } = await client.rest.git.getTree({ ...repo, tree_sha: commit, recursive: 'true' });
  if (data.truncated) {
    throw new Error(`the tree of ${commit} is too large for one listing; it cannot be checked`);
  }
  const prefix = `${folder.replace(/\/+$/, '')}/`;
  return data.tree.flatMap((entry): SpecialEntry[] => {
    if (entry.path === undefined || !entry.path.startsWith(prefix)) return [];
    if (entry.mode === '120000') return [{ path: entry.path, kind: 'symlink' }];
    if (entry.mode === '160000') return [{ path: entry.path, kind: 'submodule' }];
    return [];
  });
}
