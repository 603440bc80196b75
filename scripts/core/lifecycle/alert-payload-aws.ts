/**
 * The text of an AWS Budgets notification as SNS delivers it (the envelope's `Message`): one
 * `Label: value` line per figure, amounts written with a dollar sign.
 *
 * TODO: read from the notification's documented line layout only; check against a captured
 * SNS delivery and add the JSON message form when one is available.
 */
import { endOfMonth } from '../calendar.js';
import { dec, isDecimal, parseDecimal, toPlain } from '../money/decimal.js';
import type { AlertFacts } from './alert-payload.js';

/** Reads the message for the budget month starting `month` (the envelope's Timestamp). */
export function readAwsMessage(
  message: string,
  month: string,
): AlertFacts | { code: string; message: string } {
  const lines = new Map<string, string>();
  for (const line of message.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z ]+?)\s*:\s*(.+?)\s*$/.exec(line);
    if (match) lines.set(match[1]!.toLowerCase(), match[2]!);
  }

  const name = lines.get('budget name');
  if (name === undefined) return missing('Budget Name');
  const budgetText = lines.get('budgeted amount');
  const budget = budgetText === undefined ? undefined : dollars(budgetText);
  if (budget === undefined) return missing('Budgeted Amount');
  if (budget === 'not-dollars') {
    return {
      code: 'ALERT_CURRENCY_UNKNOWN',
      message: `the budgeted amount ${budgetText} is not in dollars; the currency cannot be told`,
    };
  }

  const kind = (lines.get('alert type') ?? 'ACTUAL').toUpperCase();
  const facts: AlertFacts = {
    source: 'aws',
    budgetName: name,
    budget,
    currency: 'USD',
    periodStart: month,
    periodEnd: endOfMonth(month),
    forecast: kind.startsWith('FORECAST'),
  };
  const cost = dollars(lines.get(`${kind.toLowerCase()} amount`) ?? '');
  if (cost !== undefined && cost !== 'not-dollars') facts.cost = cost;

  // "Alert Threshold: > $80.00" is an amount; "> 80%" (some layouts) a percentage.
  const threshold = lines.get('alert threshold')?.replace(/^[<>=\s]+/, '');
  if (threshold !== undefined) {
    const percent = /^([0-9.]+)\s*%$/.exec(threshold);
    const amount = percent ? undefined : dollars(threshold);
    if (percent && isDecimal(parseDecimal(percent[1]!))) {
      facts.threshold = toPlain(dec(percent[1]!).div(dec(100)));
    } else if (amount !== undefined && amount !== 'not-dollars' && !dec(budget).eq(dec(0))) {
      facts.threshold = toPlain(dec(dec(amount).div(dec(budget)).toFixed(6)));
    }
  }
  return facts;
}

/** `$1,234.50` as `1234.5`; `not-dollars` for another currency sign; undefined for no number. */
function dollars(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (!trimmed.startsWith('$')) return /^\D/.test(trimmed) ? 'not-dollars' : undefined;
  const parsed = parseDecimal(trimmed.slice(1).replaceAll(',', ''));
  return isDecimal(parsed) ? toPlain(parsed) : undefined;
}

function missing(label: string): { code: string; message: string } {
  return { code: 'ALERT_FIELD_MISSING', message: `the message has no usable "${label}:" line` };
}
