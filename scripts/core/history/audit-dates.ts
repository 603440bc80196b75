/**
 * The calendar checks: filed after the billing period closed, corrective action past its
 * target date, review overdue. `today` is data given by the shell.
 */
import type { AuditFinding } from './audit-types.js';
import { addDays } from '../calendar.js';

export interface DateSubject {
  packetId: string;
  path: string;
  status: string;
  data: Record<string, unknown>;
  /** Calendar date of the commit that added the packet, when history reaches it. */
  filedOn: string | undefined;
}

const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/** Date findings for one packet. */
export function checkDates(subject: DateSubject, today: string, closeDays: number): AuditFinding[] {
  const found: AuditFinding[] = [];
  const add = (code: string, severity: AuditFinding['severity'], message: string) =>
    found.push({
      code,
      severity,
      kind: 'failed',
      packetId: subject.packetId,
      file: subject.path,
      message,
    });
  const date = (key: string): string | undefined => {
    const v = subject.data[key];
    return typeof v === 'string' && DATE.test(v) ? v : undefined;
  };

  // 1. Filed after close: late packets need a stated reason, and are still reported. A denied
  //    packet enters main when it is denied, so its filing date is not in main's history.
  const end = date('review_period_end');
  if (end !== undefined && subject.filedOn !== undefined && subject.status !== 'denied') {
    const close = addDays(end, closeDays);
    if (subject.filedOn > close) {
      const reason = typeof subject.data.late_filing_reason === 'string';
      add(
        'FILED_AFTER_CLOSE',
        reason ? 'warning' : 'error',
        `filed on ${subject.filedOn}, after the period closed on ${close}` +
          (reason ? ' (late_filing_reason given)' : '; add late_filing_reason'),
      );
    }
  }
  if (subject.status !== 'approved') return found;

  // 2. Follow-ups of an approved exception that are now late.
  const target = date('corrective_action_target_date');
  if (target !== undefined && target < today) {
    add(
      'CORRECTIVE_ACTION_OVERDUE',
      'error',
      `corrective action was due on ${target}; record its outcome or amend the date`,
    );
  }
  const review = date('next_review_date');
  if (review !== undefined && review < today) {
    add(
      'REVIEW_OVERDUE',
      'error',
      `review was due on ${review}; review the exception and amend next_review_date`,
    );
  }
  return found;
}
