/**
 * A budget alert notification (GCP Cloud Billing budget Pub/Sub message) read for what a draft
 * packet may take from it: the budget, the budget period and the currency. The alert's cost is
 * what triggered the packet; it is never the amount of record, which comes from the export.
 */
import { losslessJson } from '../libraries.js';
import { readCurrency, readJsonNumber } from './export-amount.js';
import { addDays, parseDayPoint } from './export-dates.js';

export interface BudgetAlert {
  /** budgetDisplayName, when the notification names the budget. */
  budgetName?: string;
  budget: string;
  /** The alert's own cost figure, for the message only. */
  alertCost?: string;
  /** alertThresholdExceeded as a fraction (1.0 is 100 %); absent when none was crossed. */
  thresholdExceeded?: string;
  /** forecastThresholdExceeded as a fraction: the forecast, not the cost, crossed it. */
  forecastThresholdExceeded?: string;
  currency: string;
  /** The budget period: the calendar month costIntervalStart falls in (UTC). */
  periodStart: string;
  periodEnd: string;
}

/** Reads a GCP budget notification's JSON text, or says what is missing. */
export function parseBudgetAlert(text: string): BudgetAlert | { code: string; message: string } {
  let data: unknown;
  try {
    data = losslessJson().parse(text);
  } catch (error) {
    return { code: 'ALERT_JSON_MALFORMED', message: `the alert is not JSON (${String(error)})` };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { code: 'ALERT_SHAPE', message: 'the alert must be a JSON object' };
  }
  const alert = data as Record<string, unknown>;

  const budget = numberText(alert.budgetAmount);
  if (budget === undefined) return missing('budgetAmount');
  const currency =
    typeof alert.currencyCode === 'string' ? readCurrency(alert.currencyCode) : undefined;
  if (currency === undefined) return missing('currencyCode');
  const start =
    typeof alert.costIntervalStart === 'string'
      ? parseDayPoint(alert.costIntervalStart)
      : undefined;
  if (start === undefined) return missing('costIntervalStart');

  // GCP budgets run by calendar month unless told otherwise; the interval start names it.
  const periodStart = `${start.date.slice(0, 7)}-01`;
  const periodEnd = addDays(addDays(periodStart, 32).slice(0, 7) + '-01', -1);
  const result: BudgetAlert = { budget, currency, periodStart, periodEnd };
  const cost = numberText(alert.costAmount);
  const threshold = numberText(alert.alertThresholdExceeded);
  const forecast = numberText(alert.forecastThresholdExceeded);
  if (typeof alert.budgetDisplayName === 'string') result.budgetName = alert.budgetDisplayName;
  if (cost !== undefined) result.alertCost = cost;
  if (threshold !== undefined) result.thresholdExceeded = threshold;
  if (forecast !== undefined) result.forecastThresholdExceeded = forecast;
  return result;
}

function numberText(value: unknown): string | undefined {
  if (!losslessJson().isLosslessNumber(value)) return undefined;
  const read = readJsonNumber(value.toString());
  return 'amount' in read ? read.amount : undefined;
}

function missing(field: string): { code: string; message: string } {
  return { code: 'ALERT_FIELD_MISSING', message: `the alert has no usable ${field}` };
}
