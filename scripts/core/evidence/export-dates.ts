/**
 * Calendar dates out of the date and time text real exports write.
 *
 * Everything is reduced to UTC calendar days. A charge that ends part-way through a day counts
 * that day (the exclusive end moves to the next midnight), so an hourly FOCUS row from 22:00 to
 * 23:00 covers its one day and a daily bucket ending at midnight covers only its own day.
 */
import { addDays } from '../calendar.js';

export { addDays };

/** A point in time reduced to its UTC day, and whether it fell exactly on midnight. */
export interface DayPoint {
  date: string;
  midnight: boolean;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** ISO-8601 with `T` or a space, optional seconds and fraction, optional `Z` or offset. */
const ISO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
/** `M/D/YY` or `M/D/YYYY`, US order, as the FOCUS 1.2 examples and Azure write them. */
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/;

/** Reads a date or datetime; undefined when the text is none of the accepted forms. */
export function parseDayPoint(text: string): DayPoint | undefined {
  const value = text.trim();

  const iso = ISO_DATE.exec(value);
  if (iso) return validDay(Number(iso[1]), Number(iso[2]), Number(iso[3]), true);

  const us = US_DATE.exec(value);
  if (us) {
    const year = us[3]!.length === 2 ? 2000 + Number(us[3]) : Number(us[3]);
    return validDay(year, Number(us[1]), Number(us[2]), true);
  }

  const dt = ISO_DATETIME.exec(value);
  if (!dt) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = dt;
  if (!validDay(Number(y), Number(mo), Number(d), true)) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return undefined;
  const offset = zone === undefined || zone.toUpperCase() === 'Z' ? 0 : offsetMinutes(zone);
  const ms =
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0)) -
    offset * 60_000;
  const at = new Date(ms);
  const midnight =
    at.getUTCHours() === 0 &&
    at.getUTCMinutes() === 0 &&
    at.getUTCSeconds() === 0 &&
    !/[1-9]/.test(frac ?? '');
  return { date: at.toISOString().slice(0, 10), midnight };
}

/** The exclusive end day of a charge that ends at this point. */
export function exclusiveEnd(point: DayPoint): string {
  return point.midnight ? point.date : addDays(point.date, 1);
}

/** Unix seconds (as decimal text) to a day point; undefined when not a whole number. */
export function dayPointFromUnix(seconds: string): DayPoint | undefined {
  if (!/^-?\d{1,12}$/.test(seconds)) return undefined;
  const at = new Date(Number(seconds) * 1000);
  return { date: at.toISOString().slice(0, 10), midnight: Number(seconds) % 86_400 === 0 };
}

/** Whether the text is a real calendar date in YYYY-MM-DD form. */
export function isCalendarDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  return m !== null && validDay(Number(m[1]), Number(m[2]), Number(m[3]), true) !== undefined;
}

function validDay(y: number, m: number, d: number, midnight: boolean): DayPoint | undefined {
  const at = new Date(Date.UTC(y, m - 1, d));
  if (at.getUTCFullYear() !== y || at.getUTCMonth() !== m - 1 || at.getUTCDate() !== d) {
    return undefined;
  }
  return { date: at.toISOString().slice(0, 10), midnight };
}

function offsetMinutes(zone: string): number {
  const digits = zone.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
}
