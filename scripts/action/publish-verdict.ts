/**
 * Writes the verdict where people see it: the `packet-signoff` check run on the head commit,
 * the single pull-request comment, the job summary, step outputs and annotations.
 */
import * as core from '@actions/core';
import { planAnnotations } from '../core/render/annotations.js';
import { renderComment, renderJobSummary } from '../core/render/markdown.js';
import type { SignoffInput, Verdict } from '../core/signoff/types.js';
import type { GitHubClient, RepoRef } from '../io/github.js';
import { upsertComment, writeCheckRun, type Written } from '../io/github-report.js';

/** The check context branch protection requires. */
export const CHECK_NAME = 'packet-signoff';

// GitHub's limit for check-run summaries: 65,535 characters (job summaries: 1 MiB, bytes).
const MAX_CHECK_SUMMARY = 65_535;

export interface Published {
  checkRun: Written;
  comment: Written;
}

/** Publishes everything; the caller fails the step when the verdict did not pass. */
export async function publishVerdict(
  client: GitHubClient,
  repo: RepoRef,
  pr: SignoffInput['pr'],
  verdict: Verdict,
): Promise<Published> {
  const checkRun = await writeCheckRun(client, repo, {
    name: CHECK_NAME,
    headSha: pr.headSha,
    conclusion: verdict.passed ? 'success' : 'failure',
    title: truncate(verdict.summary, 1000),
    summary: renderComment(verdict, MAX_CHECK_SUMMARY),
  });
  const comment = await upsertComment(client, repo, pr.number, renderComment(verdict));

  // The renderer drops whole sections, failures last, to stay within each limit.
  if (process.env.GITHUB_STEP_SUMMARY) {
    await core.summary.addRaw(renderJobSummary(verdict)).write({ overwrite: true });
  }
  core.setOutput('passed', String(verdict.passed));
  core.setOutput('summary', verdict.summary);
  core.setOutput('check-run-id', String(checkRun.id));
  annotate(verdict);
  return { checkRun, comment };
}

/** Findings as annotations on the packet lines; past the per-step limit, a summary by code. */
function annotate(verdict: Verdict): void {
  const plan = planAnnotations(verdict.packets.flatMap((p) => p.findings));
  for (const f of plan.shown) {
    const properties = { title: f.code, file: f.file, startLine: f.line, startColumn: f.column };
    // @actions/core escapes the message and properties, so packet text cannot end the command.
    if (f.severity === 'error') core.error(f.message, properties);
    else core.warning(f.message, properties);
  }
  if (plan.notice !== '') core.notice(plan.notice);
}

/** Cuts markdown to `max` characters (UTF-16 units), saying so at the end. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = '\n\n… cut to fit GitHub’s size limit; the job summary has the full report.\n';
  return text.slice(0, max - note.length) + note;
}
