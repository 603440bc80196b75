/**
 * The reminder as terminal text and as the body of the one reminder issue. The issue body
 * starts with a hidden marker so the shell can find the issue again and edit it in place.
 * Packet text is escaped; the only pings are the cc line naming the groups that must act.
 */
import { markdownTable } from 'markdown-table';

import type { DueItem, DueKind, Reminder } from '../lifecycle/remind.js';
import { escapeMarkdown, escapeShort } from './escape-markdown.js';

/** The first line of the reminder issue's body. */
export const REMINDER_MARKER = '<!-- packet-remind -->';

/** The reminder issue's title. */
export const REMINDER_TITLE = 'Packet reminders';

const HEADINGS: Record<DueKind, string> = {
  awaiting_signoff: 'Awaiting sign-off',
  corrective_action_overdue: 'Corrective actions past their target date',
  review_due: 'Reviews due',
  unallocated_overdue: 'Unallocated cost past its target date',
};

const DATE_COLUMN: Record<DueKind, string> = {
  awaiting_signoff: 'Period closes',
  corrective_action_overdue: 'Target date',
  review_due: 'Review date',
  unallocated_overdue: 'Target date',
};

const SUBJECT_COLUMN: Record<DueKind, string> = {
  awaiting_signoff: 'Period',
  corrective_action_overdue: 'Corrective action',
  review_due: 'Justification',
  unallocated_overdue: 'Segment',
};

const KINDS = Object.keys(HEADINGS) as DueKind[];

/** `today`, `in 3 days`, `2 days ago`; `no close date` when the policy sets none. */
export function whenText(item: Pick<DueItem, 'date' | 'days'>): string {
  if (item.date === undefined || item.days === undefined) return 'no billing_close in the policy';
  const n = Math.abs(item.days);
  const span = `${n} day${n === 1 ? '' : 's'}`;
  const relative = item.days === 0 ? 'today' : item.days > 0 ? `in ${span}` : `${span} ago`;
  return `${item.date} (${relative})`;
}

/** One line per item, grouped by kind, then a count; plain text for a terminal. */
export function renderReminderText(reminder: Reminder): string[] {
  if (reminder.items.length === 0) {
    return [`Nothing is due on ${reminder.today}.`, ...unreadableText(reminder)];
  }
  const lines = [`Due on ${reminder.today}:`];
  for (const kind of KINDS) {
    const items = reminder.items.filter((item) => item.kind === kind);
    if (items.length === 0) continue;
    lines.push('', `${HEADINGS[kind]} (${items.length})`);
    for (const item of items) {
      const who = item.groups.map((group) => group.label).join(', ');
      lines.push(`  ${item.file}`);
      lines.push(`    ${DATE_COLUMN[kind].toLowerCase()}: ${whenText(item)}; must act: ${who}`);
    }
  }
  lines.push('', `${reminder.items.length} item${reminder.items.length === 1 ? '' : 's'} due`);
  return [...lines, ...unreadableText(reminder)];
}

/** The reminder issue's body: marker, cc line, one table per kind of item. */
export function renderReminderMarkdown(reminder: Reminder): string {
  const mentions = reminder.mentions.filter((handle) => HANDLE.test(handle));
  const head = [
    REMINDER_MARKER,
    `### ${REMINDER_TITLE} for ${reminder.today}`,
    '',
    reminder.items.length === 0
      ? 'Nothing is due.'
      : `${reminder.items.length} item${reminder.items.length === 1 ? '' : 's'} due.`,
  ];
  if (mentions.length > 0) head.push('', `cc ${mentions.join(' ')}`);
  if (reminder.unreadable.length > 0) {
    const files = reminder.unreadable.map((file) => `\`${file.replace(/`/g, '')}\``).join(', ');
    head.push(
      '',
      `Not checked, because they do not parse or fail the schema: ${files}. Run \`packet validate\`.`,
    );
  }

  const sections = KINDS.flatMap((kind) => {
    const items = reminder.items.filter((item) => item.kind === kind);
    if (items.length === 0) return [];
    const rows = items.map((item) => [
      escapeMarkdown(item.packetId),
      escapeMarkdown(item.owner),
      escapeMarkdown(whenText(item)),
      escapeShort(item.subject, 120),
      item.groups.map((group) => escapeMarkdown(group.label)).join(', '),
    ]);
    const header = ['Packet', 'Owner', DATE_COLUMN[kind], SUBJECT_COLUMN[kind], 'Must act'];
    return ['', `#### ${HEADINGS[kind]}`, '', markdownTable([header, ...rows])];
  });

  const foot = ['', 'Updated daily by the remind workflow; run `packet remind` for the same list.'];
  return [...head, ...sections, ...foot].join('\n');
}

/** A handle that is safe to ping: `@login` or `@org/team`, nothing else. */
const HANDLE = /^@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/;

function unreadableText(reminder: Reminder): string[] {
  if (reminder.unreadable.length === 0) return [];
  return [
    `Not checked, because they do not parse or fail the schema: ${reminder.unreadable.join(', ')}`,
    'Run `packet validate` to see why.',
  ];
}
