import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, endOfMonth, isCalendarDate } from '../../scripts/core/calendar.js';

describe('calendar dates', () => {
  it.each([
    ['2026-02-28', true],
    ['2026-02-29', false],
    ['2028-02-29', true],
    ['2100-02-29', false],
    ['2000-02-29', true],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-1-01', false],
  ])('%s is a calendar date: %s', (text, real) => {
    expect(isCalendarDate(text)).toBe(real);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-10-31', 5)).toBe('2026-11-05');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('counts whole days between dates', () => {
    expect(daysBetween('2026-10-01', '2026-10-31')).toBe(30);
    expect(daysBetween('2026-11-05', '2026-11-01')).toBe(-4);
  });

  it('finds the end of a month', () => {
    expect(endOfMonth('2028-02-10')).toBe('2028-02-29');
    expect(endOfMonth('2026-09-30')).toBe('2026-09-30');
  });
});

describe('day arithmetic against the platform calendar', () => {
  it('agrees with Date on every day of 1600-2400 and across steps of both signs', () => {
    const start = Date.UTC(1600, 0, 1);
    for (let day = 0; day < 292_200; day += 7) {
      const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
      for (const step of [-400, -29, -1, 0, 1, 30, 366]) {
        const expected = new Date(start + (day + step) * 86_400_000).toISOString().slice(0, 10);
        if (addDays(date, step) !== expected) expect(addDays(date, step)).toBe(expected);
        if (daysBetween(date, expected) !== step) expect(daysBetween(date, expected)).toBe(step);
      }
    }
  });
});
