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
