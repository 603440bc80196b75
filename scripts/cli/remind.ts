/**
 * `packet remind`: what is due today (sign-offs before the billing close, overdue corrective
 * actions, reviews due, unallocated cost past its date), as text, markdown or JSON. Always
 * exits 0 when it could run: being due is news, not a failure.
 */
import { parseArgs } from 'node:util';
import { isCalendarDate } from '../core/calendar.js';
import { UsageError } from '../core/errors.js';
import { renderReminderMarkdown, renderReminderText } from '../core/render/reminder.js';
import { gatherReminder } from './gather-reminder.js';
import { EXIT, type CommandIo } from './io.js';
import { findRepoRoot } from './repo-root.js';

export const REMIND_HELP = `Usage: packet remind [--today DATE] [--format F] [--root DIR]

Lists what is due: packets awaiting sign-off with the days left to their billing period's
close and the groups that must approve, corrective actions past their target date,
next_review_date reached, and unallocated segments past their resolution_target_date.

  --today DATE                the day to report for, YYYY-MM-DD (default: PACKET_TODAY, else
                              today in the policy's billing_close time zone, else in UTC)
  --format text|markdown|json text (default), markdown (the reminder issue's body) or json
  --root DIR                  repository root (default: nearest folder with packets/ or .git)

Example:
  packet remind --today 2026-11-04 --format markdown`;

export async function runRemind(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      today: { type: 'string' },
      format: { type: 'string', default: 'text' },
      root: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(REMIND_HELP);
    return EXIT.ok;
  }
  const format = values.format;
  if (format !== 'text' && format !== 'markdown' && format !== 'json') {
    throw new UsageError(
      `--format must be text, markdown or json, not ${format}`,
      'run `packet remind --format markdown` or leave --format out',
    );
  }
  const today = values.today ?? (io.env.PACKET_TODAY || undefined);
  if (today !== undefined && !isCalendarDate(today)) {
    throw new UsageError(
      `--today must be a calendar date YYYY-MM-DD, not ${JSON.stringify(today)}`,
      'run `packet remind --today 2026-11-04` (or unset PACKET_TODAY)',
    );
  }

  const root = values.root ?? findRepoRoot(io.cwd);
  const { reminder, warnings } = await gatherReminder(root, today, new Date());
  for (const warning of warnings) io.stderr(`packet remind: ${warning}`);

  if (format === 'json') io.stdout(JSON.stringify(reminder, null, 2));
  else if (format === 'markdown') io.stdout(renderReminderMarkdown(reminder));
  else for (const line of renderReminderText(reminder)) io.stdout(line);
  return EXIT.ok;
}
