/**
 * The pull request as the stand-in serves it: opened from the pushed branch, its reviews,
 * later pushes, and its close (merged into origin's main, or closed unmerged). Every commit is
 * real; the stand-in is seeded with each commit's files under its real id.
 */
import type { TestRepo } from '../dev/git-repo.js';
import { repoState, type SeedReview } from '../dev/github-stand-in/repo-state.js';
import { startGitHubApi, type GitHubApi } from '../dev/github-stand-in/server.js';
import type { DemoRepository } from './demo-repository.js';
import { changedFiles, snapshotCommit } from './git-snapshot.js';
import { ORG, PEOPLE, PULL, REPO, reviewTime, TEAMS, WHEN } from './scenario.js';

/** The pull request under way: the repository, its branch, and the stand-in serving it. */
export interface DemoPull {
  repo: DemoRepository;
  branch: string;
  api: GitHubApi;
}

/** Opens the pull request for `branch` (already pushed) and starts the stand-in serving it. */
export async function openPull(repo: DemoRepository, branch: string): Promise<DemoPull> {
  const { work, base } = repo;
  const head = work.git('rev-parse', branch).trim();
  work.git('push', '-q', 'origin', `${head}:refs/pull/${PULL}/head`);

  const state = repoState({
    owner: ORG,
    repo: REPO,
    commits: { [base]: snapshotCommit(work, base), [head]: snapshotCommit(work, head) },
    pull: {
      number: PULL,
      author: { login: PEOPLE.submitter },
      headSha: head,
      baseSha: base,
      title: `File ${branch}`,
    },
    files: changedFiles(work, base, head),
    teams: { ...TEAMS },
  });
  return { repo, branch, api: await startGitHubApi(state) };
}

/** Adds a review by `login` on the current head; returns it for the review event. */
export function submitReview(
  pull: DemoPull,
  login: string,
  state: SeedReview['state'] = 'APPROVED',
  body = '',
): SeedReview {
  const { reviews, pull: pr } = pull.api.state;
  const review: SeedReview = {
    id: reviews.length + 1,
    user: { login, type: 'User' },
    state,
    commitId: pr.headSha,
    submittedAt: reviewTime(reviews.length + 1),
    body,
  };
  reviews.push(review);
  return review;
}

/** Commits `edit` of the working tree on the branch, pushes it, and updates the pull request. */
export function pushChange(
  pull: DemoPull,
  message: string,
  edit: () => void,
  date: string,
): string {
  const { work } = pull.repo;
  edit();
  const head = work.commit(
    message,
    {},
    {
      date,
      author: PEOPLE.submitter,
      email: `${PEOPLE.submitter}@example.test`,
    },
  );
  work.git('push', '-q', 'origin', `HEAD:${pull.branch}`, `+HEAD:refs/pull/${PULL}/head`);
  track(pull, work, head);
  pull.api.state.pull.headSha = head;
  pull.api.state.files = changedFiles(work, pull.api.state.pull.baseSha, head);
  return head;
}

/** Merges with a merge commit on origin's main, as GitHub's merge button does. */
export function mergePull(pull: DemoPull): string {
  const { work } = pull.repo;
  work.git('checkout', '-q', 'main');
  work.git('merge', '-q', '--no-ff', '--no-commit', pull.branch);
  const merge = work.commit(
    `Merge pull request #${PULL} from ${pull.branch}`,
    {},
    {
      date: WHEN.merged,
      author: PEOPLE.owner,
      email: `${PEOPLE.owner}@example.test`,
    },
  );
  work.git('push', '-q', 'origin', 'main');
  track(pull, work, merge);
  pull.api.state.pull.closed = { at: WHEN.merged, mergeCommit: merge };
  return merge;
}

/** Closes the pull request without merging. */
export function closePull(pull: DemoPull): void {
  pull.api.state.pull.closed = { at: WHEN.closed };
}

function track(pull: DemoPull, repo: TestRepo, commit: string): void {
  pull.api.state.commits[commit] = snapshotCommit(repo, commit);
}
