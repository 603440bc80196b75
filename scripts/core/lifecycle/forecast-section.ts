/**
 * Forecast alerts, kept in a marked section of the one reminder issue's body: the alert intake
 * opens nothing for a forecast but records it there, and the remind workflow keeps the section
 * when it rewrites the body, so the reminder lists forecasts beside what is due. The section
 * carries its entries as JSON in a hidden line, so reading them back never parses the table.
 */
import { markdownTable } from 'markdown-table';
import { dec, toPlain } from '../money/decimal.js';
import { escapeMarkdown } from '../render/escape-markdown.js';
import type { ForecastIntake } from './alert-intake.js';

export const FORECASTS_START = '<!-- packet-forecasts -->';
export const FORECASTS_END = '<!-- /packet-forecasts -->';
const DATA = '<!-- packet-forecast-data ';

/** One forecast as the reminder lists it. */
export interface ForecastEntry {
  /** The alert key: budget, period start and threshold; a repeat replaces its entry. */
  key: string;
  budget: string;
  owner: string;
  /** The budget period, `YYYY-MM`. */
  month: string;
  /** The budget amount, plain decimal text. */
  amount: string;
  currency: string;
  /** The threshold as a decimal fraction (`1` is 100 %). */
  threshold: string;
  /** What the forecast reaches at least: the budget times the threshold. */
  forecast: string;
  /** The day the alert arrived. */
  seenOn: string;
}

const FIELDS = [
  'key',
  'budget',
  'owner',
  'month',
  'amount',
  'currency',
  'threshold',
  'forecast',
  'seenOn',
];
const AMOUNTS = ['amount', 'threshold', 'forecast'];

/** The entry for a forecast alert seen on `today`. */
export function forecastEntry(intake: ForecastIntake, today: string): ForecastEntry {
  const { alert } = intake;
  const threshold = alert.threshold ?? '1';
  return {
    key: intake.key,
    budget: alert.budgetName,
    owner: intake.owner,
    month: intake.month,
    amount: alert.budget,
    currency: alert.currency,
    threshold,
    forecast: toPlain(dec(alert.budget).times(dec(threshold))),
    seenOn: today,
  };
}

/** The entries recorded in `body`; none when it has no section or the section is damaged. */
export function readForecasts(body: string): ForecastEntry[] {
  const section = sectionOf(body);
  const line = section?.split('\n').find((l) => l.startsWith(DATA) && l.endsWith(' -->'));
  if (line === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(line.slice(DATA.length, -' -->'.length));
    return Array.isArray(parsed) ? parsed.filter(isEntry) : [];
  } catch {
    return [];
  }
}

/** Adds `entry`, replacing an earlier entry for the same alert key. */
export function recordForecast(entries: readonly ForecastEntry[], entry: ForecastEntry) {
  return sorted([...entries.filter((e) => e.key !== entry.key), entry]);
}

/**
 * The forecasts still worth listing on `today`: through the month after their period, when a
 * packet for the period would be filed; by then the cost has crossed the threshold or not.
 */
export function currentForecasts(entries: readonly ForecastEntry[], today: string) {
  return sorted(entries.filter((entry) => nextMonth(entry.month) >= today.slice(0, 7)));
}

function nextMonth(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const next = number === 12 ? `${year + 1}-01` : `${year}-${String(number + 1).padStart(2, '0')}`;
  return next;
}

/** `body` with its forecast section replaced by one listing `entries` (removed when none). */
export function withForecasts(body: string, entries: readonly ForecastEntry[]): string {
  const section = sectionOf(body);
  const rest = (section === undefined ? body : body.replace(section, '')).trimEnd();
  if (entries.length === 0) return rest;
  return `${rest}\n\n${renderSection(entries)}`;
}

function renderSection(entries: readonly ForecastEntry[]): string {
  const rows = entries.map((e) => [
    escapeMarkdown(e.budget),
    escapeMarkdown(e.owner),
    escapeMarkdown(e.month),
    `${escapeMarkdown(e.forecast)} ${escapeMarkdown(e.currency)}`,
    `${toPlain(dec(e.threshold).times(dec(100)))} % of ${escapeMarkdown(e.amount)}`,
    escapeMarkdown(e.seenOn),
  ]);
  const header = ['Budget', 'Owner', 'Period', 'Forecast at least', 'Threshold', 'Alert seen'];
  // `<` and `>` escaped, so no text from an alert can end the hidden line early.
  const data = JSON.stringify(entries).replaceAll('<', '\\u003c').replaceAll('>', '\\u003e');
  return [
    FORECASTS_START,
    '#### Forecast to exceed the budget',
    '',
    'Nothing is filed until the cost itself crosses the threshold; the owner may act early.',
    '',
    markdownTable([header, ...rows]),
    `${DATA}${data} -->`,
    FORECASTS_END,
  ].join('\n');
}

function sectionOf(body: string): string | undefined {
  const start = body.indexOf(FORECASTS_START);
  const end = body.indexOf(FORECASTS_END, start);
  if (start < 0 || end < 0) return undefined;
  return body.slice(start, end + FORECASTS_END.length);
}

function isEntry(value: unknown): value is ForecastEntry {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  if (!FIELDS.every((field) => typeof record[field] === 'string')) return false;
  // Amounts are rendered and multiplied: only plain decimals written by the intake pass.
  const plain = AMOUNTS.every((field) => /^\d+(\.\d+)?$/.test(String(record[field])));
  return plain && /^\d{4}-\d{2}$/.test(String(record.month));
}

function sorted(entries: ForecastEntry[]): ForecastEntry[] {
  const order = (e: ForecastEntry) => `${e.month} ${e.owner} ${e.key}`;
  return entries.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}
