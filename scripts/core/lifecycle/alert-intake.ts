/**
 * What one budget alert asks of the repository: a draft packet on the owner's branch for the
 * period, a forecast to list for the reminder, or nothing. Repeats are recognised by a key made
 * of the budget, the period start and the threshold crossed; one branch (and so one pull
 * request) holds an owner's packet for a period, whichever of its budgets alerted.
 */
import type { BudgetSource } from '../evidence/allocation.js';
import { dec, toPlain } from '../money/decimal.js';
import type { BudgetAlert } from '../evidence/budget-alert.js';
import type { AlertFacts, AlertProblem } from './alert-payload.js';
import { ownValue } from '../own-value.js';

/** An alert that opens or updates a draft pull request. */
export interface DraftIntake {
  kind: 'draft';
  key: string;
  owner: string;
  /** Where the budget's figures come from: the export the mapping names. */
  source: BudgetSource;
  /** The budget period as `YYYY-MM`. */
  month: string;
  branch: string;
  title: string;
  alert: AlertFacts;
  /** The alert as `packet new` takes it: budget, currency and period. */
  budgetAlert: BudgetAlert;
}

/** A forecast alert: it opens nothing, but the reminder lists it until the period closes. */
export interface ForecastIntake {
  kind: 'forecast';
  key: string;
  owner: string;
  month: string;
  alert: AlertFacts;
}

/** A notification that crossed no threshold (GCP sends them several times a day). */
export interface QuietIntake {
  kind: 'quiet';
  key: string;
  message: string;
}

export interface ProblemIntake {
  kind: 'problem';
  problem: AlertProblem;
}

export type AlertIntake = DraftIntake | ForecastIntake | QuietIntake | ProblemIntake;

/** The branch holding an owner's draft packet for a month. */
export function packetBranch(owner: string, month: string): string {
  return `packet/${owner}/${month}`;
}

/**
 * The de-duplication key: budget, period start and threshold, with a forecast marked so a
 * forecast crossing and the actual crossing of the same threshold stay apart.
 */
export function alertKey(alert: AlertFacts): string {
  const threshold = alert.threshold ?? 'none';
  const crossed = alert.forecast ? `forecast-${threshold}` : threshold;
  return `${alert.source}:${encodeURIComponent(alert.budgetName)}/${alert.periodStart}/${crossed}`;
}

/** Decides what an alert asks for, given the `budgets:` mapping of the allocation config. */
export function decideAlertIntake(
  alert: AlertFacts | AlertProblem,
  budgets: Record<string, BudgetSource> | undefined,
): AlertIntake {
  if ('code' in alert) return { kind: 'problem', problem: alert };
  const key = alertKey(alert);

  // Step 1: a notification that crossed nothing asks for nothing, mapped or not.
  if (alert.threshold === undefined) {
    const message = `budget ${alert.budgetName} crossed no threshold (cost ${alert.cost ?? 'not stated'} of ${alert.budget} ${alert.currency}); nothing to do`;
    return { kind: 'quiet', key, message };
  }

  // Step 2: the owner, by display name first and then by id.
  const source =
    ownValue(budgets, alert.budgetName) ??
    (alert.budgetId === undefined ? undefined : ownValue(budgets, alert.budgetId));
  if (source === undefined) {
    const known = Object.keys(budgets ?? {});
    const message = `budget ${JSON.stringify(alert.budgetName)} is not under budgets: in .github/packet-allocation.yml (mapped: ${known.length === 0 ? 'none' : known.map((k) => JSON.stringify(k)).join(', ')}); add it with its owner and export`;
    return { kind: 'problem', problem: { code: 'ALERT_BUDGET_UNMAPPED', path: '$', message } };
  }
  const month = alert.periodStart.slice(0, 7);

  // Step 3: a forecast is listed, never filed: no cost has been incurred yet.
  if (alert.forecast) return { kind: 'forecast', key, owner: source.owner, month, alert };

  // Step 4: a packet documents an overage. An early threshold (80 %) with the cost still within
  // the budget has none yet; the alert's cost is a trigger here, the export decides later.
  if (!overBudget(alert)) {
    const message = `budget ${alert.budgetName} crossed ${toPlain(dec(alert.threshold).times(dec('100')))} % but the alert's cost ${alert.cost ?? '(not stated)'} does not exceed ${alert.budget} ${alert.currency}; a packet is drafted once the budget is exceeded`;
    return { kind: 'quiet', key, message };
  }

  const budgetAlert: BudgetAlert = {
    budgetName: alert.budgetName,
    budget: alert.budget,
    currency: alert.currency,
    periodStart: alert.periodStart,
    periodEnd: alert.periodEnd,
    thresholdExceeded: alert.threshold,
  };
  if (alert.cost !== undefined) budgetAlert.alertCost = alert.cost;
  return {
    kind: 'draft',
    key,
    owner: source.owner,
    source,
    month,
    branch: packetBranch(source.owner, month),
    title: pullTitle(source.owner, month),
    alert,
    budgetAlert,
  };
}

function overBudget(alert: AlertFacts): boolean {
  if (dec(alert.threshold ?? '0').gte(dec(1))) return true;
  return alert.cost !== undefined && dec(alert.cost).gt(dec(alert.budget));
}

/**
 * The pull request's title. It names only the owner id and month (both checked shapes), so it
 * carries no text from the alert: a budget name could hold anything.
 */
export function pullTitle(owner: string, month: string): string {
  return `Cost exception draft: ${owner} ${month}`;
}
