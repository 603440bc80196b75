/**
 * Budget alert payloads from three clouds, read into one shape: which budget, its amount and
 * currency, the budget period, the threshold crossed (as a fraction of the budget) and whether
 * it was the forecast rather than the cost that crossed it.
 *
 * - GCP Cloud Billing budget notification (the Pub/Sub message data), read by `parseBudgetAlert`.
 * - Azure budget alert to an action group (`schemaId` `AIP Budget Notification`, or the common
 *   alert schema with the same fields under `data.alertContext`); every number is a string.
 * - AWS Budgets notification delivered through SNS: the envelope's `Message` is text.
 */
import { losslessJson } from '../libraries.js';
import { endOfMonth, isCalendarDate } from '../calendar.js';
import { parseBudgetAlert } from '../evidence/budget-alert.js';
import { readCurrency } from '../evidence/export-amount.js';
import { parseDayPoint } from '../evidence/export-dates.js';
import { dec, isDecimal, parseDecimal, toFixed, toPlain } from '../money/decimal.js';
import { readAwsMessage } from './alert-payload-aws.js';

export type AlertSource = 'gcp' | 'azure' | 'aws';

/** A budget alert, whatever cloud sent it. */
export interface AlertFacts {
  source: AlertSource;
  /** The budget as the alert names it (display name); the key of the `budgets:` mapping. */
  budgetName: string;
  /** A budget id, when the payload carries one; also tried against the mapping. */
  budgetId?: string;
  /** Budget amount, plain decimal text. */
  budget: string;
  /** The cost (or forecast) the alert reports; never the amount of record. */
  cost?: string;
  currency: string;
  /** The budget period, a calendar month: first and last day. */
  periodStart: string;
  periodEnd: string;
  /** The threshold crossed as a plain decimal fraction (`1` is 100 %); absent when none. */
  threshold?: string;
  /** The forecast, not the cost so far, crossed the threshold. */
  forecast: boolean;
}

export interface AlertProblem {
  code: string;
  /** JSON path of the field at fault, `$` for the payload as a whole. */
  path: string;
  message: string;
}

/**
 * Reads a payload's JSON text. `receivedOn` (YYYY-MM-DD) names the month for alerts whose
 * payload does not state the current period (Azure and AWS budgets reset monthly).
 */
export function readAlertPayload(text: string, receivedOn: string): AlertFacts | AlertProblem {
  let data: unknown;
  try {
    data = losslessJson().parse(text);
  } catch (error) {
    return problem('ALERT_JSON_MALFORMED', '$', `the payload is not JSON (${String(error)})`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return problem('ALERT_SHAPE', '$', 'the payload must be a JSON object');
  }
  const payload = data as Record<string, unknown>;

  if ('costIntervalStart' in payload || 'budgetDisplayName' in payload) return readGcp(text);
  if (typeof payload.schemaId === 'string' && isObject(payload.data)) {
    return readAzure(payload.data, receivedOn);
  }
  if (payload.Type === 'Notification' && typeof payload.Message === 'string') {
    const facts = readAwsMessage(payload.Message, monthOf(payload.Timestamp, receivedOn));
    return 'code' in facts ? { ...facts, path: '$.Message' } : facts;
  }
  return problem(
    'ALERT_SOURCE_UNKNOWN',
    '$',
    'the payload is not a GCP budget notification, an Azure budget alert or an AWS Budgets SNS message; send the notification as the cloud delivers it',
  );
}

function readGcp(text: string): AlertFacts | AlertProblem {
  const alert = parseBudgetAlert(text);
  if ('code' in alert) return problem(alert.code, '$', alert.message);
  if (alert.budgetName === undefined || alert.budgetName.trim() === '') {
    return problem('ALERT_FIELD_MISSING', '$.budgetDisplayName', 'the alert names no budget');
  }
  const crossed = alert.thresholdExceeded ?? alert.forecastThresholdExceeded;
  const facts: AlertFacts = {
    source: 'gcp',
    budgetName: alert.budgetName,
    budget: alert.budget,
    currency: alert.currency,
    periodStart: alert.periodStart,
    periodEnd: alert.periodEnd,
    // GCP sends the same notification several times a day; only a crossed threshold counts.
    forecast:
      alert.thresholdExceeded === undefined && alert.forecastThresholdExceeded !== undefined,
  };
  const id = budgetIdOf(text);
  if (id !== undefined) facts.budgetId = id;
  if (alert.alertCost !== undefined) facts.cost = alert.alertCost;
  if (crossed !== undefined) facts.threshold = fraction(crossed);
  return facts;
}

function readAzure(data: Record<string, unknown>, receivedOn: string): AlertFacts | AlertProblem {
  // The common alert schema nests the budget fields and says in essentials which kind it is.
  const essentials = isObject(data.essentials) ? data.essentials : undefined;
  const fields = isObject(data.alertContext) ? data.alertContext : data;
  const at = fields === data ? '$.data' : '$.data.alertContext';

  const name = fields.BudgetName;
  if (typeof name !== 'string' || name.trim() === '') {
    return problem('ALERT_FIELD_MISSING', `${at}.BudgetName`, 'the alert names no budget');
  }
  const budget = amountText(fields.Budget);
  if (budget === undefined) return missing(`${at}.Budget`);
  const currency = typeof fields.Unit === 'string' ? readCurrency(fields.Unit) : undefined;
  if (currency === undefined) return missing(`${at}.Unit`);

  const month = monthOf(undefined, receivedOn);
  const facts: AlertFacts = {
    source: 'azure',
    budgetName: name,
    budget,
    currency,
    periodStart: month,
    periodEnd: endOfMonth(month),
    forecast:
      typeof essentials?.monitoringService === 'string' &&
      /forecast/i.test(essentials.monitoringService),
  };
  const cost = amountText(fields.SpendingAmount);
  if (cost !== undefined) facts.cost = cost;

  // Azure's own samples disagree: "0.8" is a ratio, "8000.0" an amount of a 10000 budget.
  const threshold = amountText(fields.NotificationThresholdAmount);
  if (threshold !== undefined) facts.threshold = ratioOrAmount(threshold, budget);
  return facts;
}

/** A threshold of at most 1 is a fraction already; a larger one is an amount of the budget. */
export function ratioOrAmount(threshold: string, budget: string): string {
  if (dec(threshold).lte(dec(1)) || dec(budget).eq(dec(0))) return fraction(threshold);
  return fraction(toFixed(dec(threshold).div(dec(budget)), 6));
}

/** `1.0` and `1` are the same threshold: the key must not tell them apart. */
function fraction(text: string): string {
  return toPlain(dec(text));
}

/** Decimal text from a JSON number or a numeric string, as Azure sends it. */
function amountText(value: unknown): string | undefined {
  const text = losslessJson().isLosslessNumber(value) ? value.toString() : value;
  if (typeof text !== 'string') return undefined;
  const parsed = parseDecimal(text.trim());
  return isDecimal(parsed) ? toPlain(parsed) : undefined;
}

/** The first day of the month of `timestamp`, else of `receivedOn`. */
function monthOf(timestamp: unknown, receivedOn: string): string {
  const point = typeof timestamp === 'string' ? parseDayPoint(timestamp) : undefined;
  const day = point?.date ?? (isCalendarDate(receivedOn) ? receivedOn : '1970-01-01');
  return `${day.slice(0, 7)}-01`;
}

function budgetIdOf(text: string): string | undefined {
  const data = losslessJson().parse(text) as Record<string, unknown>;
  return typeof data.budgetId === 'string' && data.budgetId !== '' ? data.budgetId : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function missing(path: string): AlertProblem {
  return problem('ALERT_FIELD_MISSING', path, `the alert has no usable ${path.split('.').pop()}`);
}

function problem(code: string, path: string, message: string): AlertProblem {
  return { code, path, message };
}
