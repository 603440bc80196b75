import { describe, expect, it } from 'vitest';
import {
  closeDateOf,
  closeStanding,
  localDate,
} from '../../../scripts/core/lifecycle/close-date.js';
import type { BillingClose } from '../../../scripts/core/ownership/policy.js';

const BERLIN: BillingClose = {
  closeDaysAfterPeriodEnd: 5,
  timeZone: 'Europe/Berlin',
  warnDaysBeforeClose: 2,
};

describe('closeDateOf', () => {
  it.each([
    ['a 31-day month', '2026-10-31', 5, '2026-11-05'],
    ['a 30-day month', '2026-11-30', 5, '2026-12-05'],
    ['across the year end', '2026-12-31', 5, '2027-01-05'],
    ['February of a common year', '2027-02-28', 1, '2027-03-01'],
    ['February of a leap year', '2028-02-28', 1, '2028-02-29'],
    ['a leap day period end', '2028-02-29', 30, '2028-03-30'],
    ['2100, which is not a leap year', '2100-02-28', 1, '2100-03-01'],
    ['2000, which is a leap year', '2000-02-28', 1, '2000-02-29'],
    ['a close on the period end itself', '2026-10-31', 0, '2026-10-31'],
    ['across the spring DST change in Berlin', '2026-03-27', 5, '2026-04-01'],
    ['across the autumn DST change in Berlin', '2026-10-24', 2, '2026-10-26'],
  ])('closes %s on the right calendar day', (_name, end, days, expected) => {
    expect(closeDateOf(end, { ...BERLIN, closeDaysAfterPeriodEnd: days })).toBe(expected);
  });
});

describe('closeStanding', () => {
  it.each([
    ['2026-11-02', 'open', 3],
    ['2026-11-03', 'closing', 2],
    ['2026-11-05', 'closing', 0],
    ['2026-11-06', 'closed', -1],
    ['2027-01-01', 'closed', -57],
  ] as const)('puts %s in state %s with %i days to close', (date, state, days) => {
    const standing = closeStanding('2026-10-31', date, BERLIN);
    expect(standing).toEqual({
      closeDate: '2026-11-05',
      warnFrom: '2026-11-03',
      daysToClose: days,
      state,
    });
  });

  it('has no warning window when warnDaysBeforeClose is 0', () => {
    const close = { ...BERLIN, warnDaysBeforeClose: 0 };
    expect(closeStanding('2026-10-31', '2026-11-04', close).state).toBe('open');
    expect(closeStanding('2026-10-31', '2026-11-05', close).state).toBe('closing');
  });
});

describe('localDate', () => {
  it('is already the next day in Berlin when it is still the evening in UTC', () => {
    const instant = new Date('2026-11-05T23:30:00Z');
    expect(localDate(instant, 'UTC')).toBe('2026-11-05');
    expect(localDate(instant, 'Europe/Berlin')).toBe('2026-11-06');
    expect(closeStanding('2026-10-31', localDate(instant, 'UTC'), BERLIN).state).toBe('closing');
    expect(closeStanding('2026-10-31', localDate(instant, 'Europe/Berlin'), BERLIN).state).toBe(
      'closed',
    );
  });

  it('is still the previous day west of UTC', () => {
    expect(localDate(new Date('2026-12-01T03:00:00Z'), 'America/Los_Angeles')).toBe('2026-11-30');
  });

  it.each([
    // Berlin is UTC+1 before 01:00Z on 2026-03-29 and UTC+2 after it.
    ['2026-03-28T22:59:59Z', '2026-03-28'],
    ['2026-03-28T23:00:00Z', '2026-03-29'],
    ['2026-03-29T21:59:59Z', '2026-03-29'],
    ['2026-03-29T22:00:00Z', '2026-03-30'],
    // and UTC+2 before 01:00Z on 2026-10-25, UTC+1 after it.
    ['2026-10-24T21:59:59Z', '2026-10-24'],
    ['2026-10-24T22:00:00Z', '2026-10-25'],
    ['2026-10-25T22:59:59Z', '2026-10-25'],
    ['2026-10-25T23:00:00Z', '2026-10-26'],
  ])('follows daylight saving time in Berlin: %s is %s', (instant, expected) => {
    expect(localDate(new Date(instant), 'Europe/Berlin')).toBe(expected);
  });

  it('handles a zone east of the date line on a leap day', () => {
    expect(localDate(new Date('2028-02-28T12:00:00Z'), 'Pacific/Kiritimati')).toBe('2028-02-29');
  });
});
