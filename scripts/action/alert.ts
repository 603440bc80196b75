/**
 * The alert intake's entry point, run by `.github/workflows/alert.yml` on a `budget-alert`
 * repository dispatch or a manual run: read the alert from the event, hand it to the intake,
 * and say what was done in the log, the step summary and the step outputs.
 */
import * as core from '@actions/core';
import { isCalendarDate } from '../core/calendar.js';
import { UsageError } from '../core/errors.js';
import { escapeMarkdown } from '../core/render/escape-markdown.js';
import { createGitHubClient } from '../io/github.js';
import { readAlertEvent } from './alert-event.js';
import { runAlertIntake, type AlertOutcome } from './alert-run.js';
import { logUntrusted } from './log-untrusted.js';
import { readRunnerEnv } from './runner-env.js';

async function run(): Promise<void> {
  const runner = readRunnerEnv(process.env);
  const event = readAlertEvent(
    runner.eventName,
    process.env.GITHUB_EVENT_PATH ?? '',
    process.env.ALERT_PAYLOAD,
  );
  const outcome = await runAlertIntake(event.payloadText, {
    client: createGitHubClient(runner.token, runner.apiUrl),
    repo: runner.repo,
    workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
    defaultBranch: event.defaultBranch,
    today: filingDate(process.env.PACKET_TODAY),
    // Log lines can carry text from the alert payload: printed inert.
    log: {
      info: (text) => logUntrusted([text]),
      warning: (text) => logUntrusted([`warning: ${text}`]),
    },
  });
  await report(outcome);
}

/**
 * The filing date: the runner's clock, read here at the edge, unless PACKET_TODAY fixes it as
 * `packet new --today` does (re-running an old alert, tests). It is also the month of an alert
 * that names none.
 */
function filingDate(fixed: string | undefined): string {
  if (fixed === undefined || fixed === '') return new Date().toISOString().slice(0, 10);
  if (!isCalendarDate(fixed)) {
    throw new UsageError(`PACKET_TODAY ${fixed} is not a calendar date`, 'Write YYYY-MM-DD.');
  }
  return fixed;
}

async function report(outcome: AlertOutcome): Promise<void> {
  core.setOutput('action', outcome.action);
  core.setOutput('alert-key', outcome.key);
  if ('message' in outcome) {
    logUntrusted([outcome.message]);
    await core.summary.addRaw(`Budget alert: ${escapeMarkdown(outcome.message)}\n`).write();
    return;
  }
  core.setOutput('pull-request', String(outcome.pull));
  core.setOutput('branch', outcome.branch);
  const files = outcome.committed.length === 0 ? 'no file changed' : outcome.committed.join(', ');
  logUntrusted([`Pull request #${outcome.pull} ${outcome.action} (${files}).`]);
  await core.summary
    .addRaw(
      `Budget alert ${escapeMarkdown(outcome.key)}: draft pull request #${outcome.pull} ${outcome.action}; committed ${escapeMarkdown(files)}.\n`,
    )
    .write();
}

// One place maps failures to the step's result; process.exitCode, never process.exit.
run().catch((error: unknown) => {
  if (error instanceof UsageError) {
    core.setFailed(error.hint ? `${error.message}\n${error.hint}` : error.message);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  core.setFailed(`The alert intake could not finish: ${message}`);
});
