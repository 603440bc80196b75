/**
 * A forecast alert opens nothing: it is recorded in the forecast section of the one reminder
 * issue, found by its marker as the remind workflow finds it, so the reminder lists it until its
 * period is over. Without an open reminder issue, one is opened holding only the forecasts; the
 * next remind run adds what is due.
 */
import {
  forecastEntry,
  readForecasts,
  recordForecast,
  withForecasts,
} from '../core/lifecycle/forecast-section.js';
import type { ForecastIntake } from '../core/lifecycle/alert-intake.js';
import { REMINDER_MARKER, REMINDER_TITLE } from '../core/render/reminder.js';
import * as issues from '../io/github-issues.js';
import type { GitHubClient, RepoRef } from '../io/github.js';

/** Where the forecast went: the reminder issue's number and whether it was opened. */
export interface RecordedForecast {
  issue: number;
  step: 'create' | 'update' | 'unchanged';
}

/** Records the forecast in the reminder issue; `author` is who opens that issue. */
export async function recordForecastInReminder(
  client: GitHubClient,
  repo: RepoRef,
  intake: ForecastIntake,
  today: string,
  author: string = issues.REMINDER_AUTHOR,
): Promise<RecordedForecast> {
  const open = await issues.findMarkedIssue(client, repo, REMINDER_MARKER, author);
  const entries = recordForecast(readForecasts(open?.body ?? ''), forecastEntry(intake, today));

  if (open === undefined) {
    const head = [
      REMINDER_MARKER,
      `### ${REMINDER_TITLE}`,
      '',
      'The packets due are listed by the next remind run.',
    ].join('\n');
    const body = withForecasts(head, entries);
    return { issue: await issues.createIssue(client, repo, REMINDER_TITLE, body), step: 'create' };
  }

  const body = withForecasts(open.body, entries);
  if (body === open.body) return { issue: open.number, step: 'unchanged' };
  await issues.updateIssue(client, repo, open.number, REMINDER_TITLE, body);
  return { issue: open.number, step: 'update' };
}
