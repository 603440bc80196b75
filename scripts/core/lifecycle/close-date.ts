/**
 * When a billing period closes for filing, and where a date stands against that close.
 * Everything is calendar dates (`YYYY-MM-DD`): the close is a day in the policy's time zone, so
 * daylight saving time never moves it. Only `localDate` deals with an instant, and it is given
 * one; this module never reads the clock.
 */
import { addDays, daysBetween } from '../calendar.js';
import type { BillingClose } from '../ownership/policy.js';

/** Where a date falls: before the warning window, inside it (close day included), or after. */
export type CloseState = 'open' | 'closing' | 'closed';

export interface CloseStanding {
  /** The last day on which a packet for the period may be filed. */
  closeDate: string;
  /** First day of the warning window (`closeDate` minus `warnDaysBeforeClose`). */
  warnFrom: string;
  /** Whole days from the date to the close: 0 on the close day, negative after it. */
  daysToClose: number;
  state: CloseState;
}

/** The close date of a period: its last day plus `closeDaysAfterPeriodEnd` calendar days. */
export function closeDateOf(periodEnd: string, close: BillingClose): string {
  return addDays(periodEnd, close.closeDaysAfterPeriodEnd);
}

/** How `date` stands against the close of the period ending on `periodEnd`. */
export function closeStanding(periodEnd: string, date: string, close: BillingClose): CloseStanding {
  const closeDate = closeDateOf(periodEnd, close);
  const warnFrom = addDays(closeDate, -close.warnDaysBeforeClose);
  const daysToClose = daysBetween(date, closeDate);

  let state: CloseState = 'open';
  if (date > closeDate) state = 'closed';
  else if (date >= warnFrom) state = 'closing';
  return { closeDate, warnFrom, daysToClose, state };
}

/**
 * The calendar date an instant falls on in an IANA time zone. `2026-11-30T23:30:00Z` is
 * already 2026-12-01 in Europe/Berlin. Throws a RangeError for an unknown zone (the policy's
 * zone is checked when the policy is read).
 */
export function localDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}
