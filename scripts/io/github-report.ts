/**
 * The two places the gate writes on GitHub: one check run on the head commit and one comment on
 * the pull request, each found again and updated in place so there is never a stale duplicate.
 */
import { COMMENT_MARKER } from '../core/render/markdown.js';
import { httpStatus, type GitHubClient, type RepoRef } from './github.js';

export interface CheckRunReport {
  name: string;
  headSha: string;
  conclusion: 'success' | 'failure';
  title: string;
  summary: string;
}

export interface Written {
  id: number;
  action: 'created' | 'updated';
}

/** Creates the check run, or completes the existing one of the same name on the same commit. */
export async function writeCheckRun(
  client: GitHubClient,
  repo: RepoRef,
  report: CheckRunReport,
): Promise<Written> {
  const { data } = await client.rest.checks.listForRef({
    ...repo,
    ref: report.headSha,
    check_name: report.name,
    filter: 'latest',
  });
  const fields = {
    status: 'completed' as const,
    conclusion: report.conclusion,
    output: { title: report.title, summary: report.summary },
  };

  // Only the app that created a run may update it; a run of another app is left alone.
  const existing = data.check_runs[0];
  if (existing !== undefined) {
    try {
      await client.rest.checks.update({ ...repo, check_run_id: existing.id, ...fields });
      return { id: existing.id, action: 'updated' };
    } catch (error) {
      if (httpStatus(error) !== 403 && httpStatus(error) !== 404) throw error;
    }
  }

  const created = await client.rest.checks.create({
    ...repo,
    name: report.name,
    head_sha: report.headSha,
    ...fields,
  });
  return { id: created.data.id, action: 'created' };
}

/**
 * Updates the gate's comment (a bot comment starting with the marker) or creates it. `body`
 * must start with COMMENT_MARKER so the next run finds it.
 */
export async function upsertComment(
  client: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  body: string,
): Promise<Written> {
  const comments = await client.paginate(client.rest.issues.listComments, {
    ...repo,
    issue_number: issueNumber,
    per_page: 100,
  });

  // Anyone can post the marker; only a bot's comment is a candidate, and a refusal to edit it
  // (someone else's bot) falls back to a new comment rather than failing the gate.
  const ours = comments.find(
    (c) => c.user?.type === 'Bot' && (c.body ?? '').startsWith(COMMENT_MARKER),
  );
  if (ours !== undefined) {
    try {
      await client.rest.issues.updateComment({ ...repo, comment_id: ours.id, body });
      return { id: ours.id, action: 'updated' };
    } catch (error) {
      if (httpStatus(error) !== 403 && httpStatus(error) !== 404) throw error;
    }
  }

  const created = await client.rest.issues.createComment({
    ...repo,
    issue_number: issueNumber,
    body,
  });
  return { id: created.data.id, action: 'created' };
}
