/**
 * The remind workflow's entry point: builds today's reminder from the checked-out repository
 * and keeps the one reminder issue current (opened, edited, or closed when nothing is due).
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as core from '@actions/core';
import { isCalendarDate } from '../core/calendar.js';
import {
  currentForecasts,
  readForecasts,
  withForecasts,
} from '../core/lifecycle/forecast-section.js';
import { decideIssueStep, type IssueStep } from '../core/lifecycle/reminder-issue.js';
import {
  REMINDER_MARKER,
  REMINDER_TITLE,
  renderReminderMarkdown,
} from '../core/render/reminder.js';
import { gatherReminder } from '../cli/gather-reminder.js';
import * as issues from '../io/github-issues.js';

export interface RemindOutcome {
  step: IssueStep['kind'];
  issue: number | undefined;
  due: number;
}

/** Runs one reminder pass with the runner's environment; throws for a broken environment. */
export async function runRemindAction(env: NodeJS.ProcessEnv, now: Date): Promise<RemindOutcome> {
  const token = env.INPUT_TOKEN || env.GITHUB_TOKEN;
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!token) throw new Error('no token: pass `token: ${{ github.token }}` or set GITHUB_TOKEN');
  if (!owner || !repo) throw new Error('GITHUB_REPOSITORY must be owner/name');
  if (!env.GITHUB_API_URL) throw new Error('GITHUB_API_URL is not set; run this in a workflow');
  const today = env.PACKET_TODAY || undefined;
  if (today !== undefined && !isCalendarDate(today)) {
    throw new Error(`PACKET_TODAY must be YYYY-MM-DD, not ${JSON.stringify(today)}`);
  }

  const root = env.GITHUB_WORKSPACE ?? process.cwd();
  const { reminder, warnings } = await gatherReminder(root, today, now);
  for (const warning of warnings) core.warning(warning);

  const octokit = issues.issuesClient(token, env.GITHUB_API_URL);
  const target = { owner, repo };
  const author = env.INPUT_ISSUE_AUTHOR || issues.REMINDER_AUTHOR;
  const open = await issues.findMarkedIssue(octokit, target, REMINDER_MARKER, author);

  // Forecasts the alert intake recorded in the issue stay listed until their period is over.
  const forecasts = currentForecasts(readForecasts(open?.body ?? ''), reminder.today);
  const body = withForecasts(renderReminderMarkdown(reminder), forecasts);
  const step = decideIssueStep(open, reminder.items.length + forecasts.length, body);

  let issue = open?.number;
  if (step.kind === 'create')
    issue = await issues.createIssue(octokit, target, REMINDER_TITLE, body);
  if (step.kind === 'update')
    await issues.updateIssue(octokit, target, step.number, REMINDER_TITLE, body);
  if (step.kind === 'close') await issues.closeIssue(octokit, target, step.number, body);
  core.info(
    `${reminder.items.length} item(s) due and ${forecasts.length} forecast(s) on ${reminder.today}: ${step.kind} ${issue ?? ''}`,
  );
  return { step: step.kind, issue, due: reminder.items.length };
}

async function main(): Promise<void> {
  try {
    const outcome = await runRemindAction(process.env, new Date());
    core.setOutput('step', outcome.step);
    core.setOutput('issue', outcome.issue === undefined ? '' : String(outcome.issue));
    core.setOutput('due', String(outcome.due));
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) {
  await main();
}
