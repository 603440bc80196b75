import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as losslessParse, stringify as losslessStringify } from 'lossless-json';
import { describe, expect, it } from 'vitest';
import type { BudgetSource } from '../../../scripts/core/evidence/allocation.js';
import { alertKey, decideAlertIntake } from '../../../scripts/core/lifecycle/alert-intake.js';
import { readAlertPayload } from '../../../scripts/core/lifecycle/alert-payload.js';
import { BILLING, HAVE_BILLING, REPO_ROOT } from '../evidence/support.js';

const BUDGETS: Record<string, BudgetSource> = {
  'ml-platform monthly AI spend': { owner: 'ml-platform', export: 'exports/focus.csv' },
  BUDGET_NAME: { owner: 'search', export: 'exports/gcp.csv' },
  BudgetName: { owner: 'support-bots', export: 'exports/azure.csv' },
  'budget-by-id': { owner: 'search', export: 'exports/by-id.csv' },
};

function gcp(fields: Record<string, unknown>): string {
  return JSON.stringify({
    budgetDisplayName: 'ml-platform monthly AI spend',
    costAmount: 281.17,
    costIntervalStart: '2026-10-01T07:00:00Z',
    budgetAmount: 250.0,
    currencyCode: 'USD',
    ...fields,
  });
}

function decide(text: string, receivedOn = '2026-10-20') {
  return decideAlertIntake(readAlertPayload(text, receivedOn), BUDGETS);
}

const OVER = readFileSync(
  path.join(REPO_ROOT, 'test/fixtures/alerts/gcp-budget-over.json'),
  'utf8',
);

describe('decideAlertIntake', () => {
  it.each([
    {
      name: 'an actual crossing drafts on the owner branch for the month',
      text: OVER,
      want: {
        kind: 'draft',
        key: 'gcp:ml-platform%20monthly%20AI%20spend/2026-10-01/1',
        owner: 'ml-platform',
        branch: 'packet/ml-platform/2026-10',
        title: 'Cost exception draft: ml-platform 2026-10',
      },
    },
    {
      name: 'a forecast crossing opens nothing and is listed',
      text: gcp({ forecastThresholdExceeded: 1.2 }),
      want: {
        kind: 'forecast',
        key: 'gcp:ml-platform%20monthly%20AI%20spend/2026-10-01/forecast-1.2',
        owner: 'ml-platform',
        month: '2026-10',
      },
    },
    {
      name: 'an actual crossing wins over a forecast in the same notification',
      text: gcp({ alertThresholdExceeded: 0.5, forecastThresholdExceeded: 1 }),
      want: { kind: 'draft', key: 'gcp:ml-platform%20monthly%20AI%20spend/2026-10-01/0.5' },
    },
    {
      name: 'a notification that crossed nothing asks for nothing',
      text: gcp({}),
      want: { kind: 'quiet', key: 'gcp:ml-platform%20monthly%20AI%20spend/2026-10-01/none' },
    },
    {
      name: 'an early threshold with the cost within the budget drafts nothing yet',
      text: gcp({ alertThresholdExceeded: 0.8, costAmount: 201.5 }),
      want: { kind: 'quiet', key: 'gcp:ml-platform%20monthly%20AI%20spend/2026-10-01/0.8' },
    },
    {
      name: 'an early threshold drafts when the cost already exceeds the budget',
      text: gcp({ alertThresholdExceeded: 0.9, costAmount: 250.01 }),
      want: { kind: 'draft', key: 'gcp:ml-platform%20monthly%20AI%20spend/2026-10-01/0.9' },
    },
    {
      name: 'a budget id maps when the display name does not',
      text: gcp({
        budgetDisplayName: 'renamed',
        budgetId: 'budget-by-id',
        alertThresholdExceeded: 1,
      }),
      want: { kind: 'draft', owner: 'search', branch: 'packet/search/2026-10' },
    },
  ])('$name', ({ text, want }) => {
    expect(decide(text)).toMatchObject(want);
  });

  it.each([
    {
      name: 'an unmapped budget',
      text: gcp({ budgetDisplayName: 'someone else', alertThresholdExceeded: 1 }),
      code: 'ALERT_BUDGET_UNMAPPED',
      path: '$',
    },
    { name: 'text that is not JSON', text: 'budget!', code: 'ALERT_JSON_MALFORMED', path: '$' },
    { name: 'a JSON array', text: '[1]', code: 'ALERT_SHAPE', path: '$' },
    { name: 'an unknown cloud', text: '{"hello":1}', code: 'ALERT_SOURCE_UNKNOWN', path: '$' },
    {
      name: 'a GCP alert without a budget name',
      text: gcp({ budgetDisplayName: ' ', alertThresholdExceeded: 1 }),
      code: 'ALERT_FIELD_MISSING',
      path: '$.budgetDisplayName',
    },
    {
      name: 'a GCP alert without an amount',
      text: gcp({ budgetAmount: 'lots' }),
      code: 'ALERT_FIELD_MISSING',
      path: '$',
    },
    {
      name: 'an Azure alert without a budget',
      text: JSON.stringify({ schemaId: 'AIP Budget Notification', data: { BudgetName: 'x' } }),
      code: 'ALERT_FIELD_MISSING',
      path: '$.data.Budget',
    },
    {
      name: 'an Azure alert without a currency',
      text: JSON.stringify({
        schemaId: 'AIP Budget Notification',
        data: { BudgetName: 'x', Budget: '5', Unit: 'dollars' },
      }),
      code: 'ALERT_FIELD_MISSING',
      path: '$.data.Unit',
    },
    {
      name: 'an AWS message in another currency',
      text: JSON.stringify({
        Type: 'Notification',
        Message: 'Budget Name: x\nBudgeted Amount: €10.00\n',
      }),
      code: 'ALERT_CURRENCY_UNKNOWN',
      path: '$.Message',
    },
  ])('refuses $name with $code', ({ text, code, path }) => {
    expect(decide(text)).toMatchObject({ kind: 'problem', problem: { code, path } });
  });

  it('keys repeats alike and keeps thresholds and periods apart', () => {
    const key = (text: string) => {
      const facts = readAlertPayload(text, '2026-10-20');
      return 'code' in facts ? facts.code : alertKey(facts);
    };

    const first = key(gcp({ alertThresholdExceeded: 1.0, costAmount: 260 }));
    const repeat = key(gcp({ alertThresholdExceeded: 1, costAmount: 281.17 }));
    const higher = key(gcp({ alertThresholdExceeded: 1.5 }));
    const later = key(
      gcp({ alertThresholdExceeded: 1, costIntervalStart: '2026-11-01T07:00:00Z' }),
    );

    expect(repeat).toBe(first);
    expect(new Set([first, higher, later]).size).toBe(3);
  });
});

describe('readAlertPayload on AWS Budgets SNS text', () => {
  const envelope = (message: string) =>
    JSON.stringify({ Type: 'Notification', Message: message, Timestamp: '2026-10-13T09:12:00Z' });

  it('reads the budget, the threshold as a fraction and the alert type', () => {
    const message = [
      'AWS Budget Notification',
      'Budget Name: ml-platform AWS',
      'Budget Type: Cost',
      'Budgeted Amount: $1,000.00',
      'Alert Type: FORECASTED',
      'Alert Threshold: > $800.00',
      'FORECASTED Amount: $1,234.56',
    ].join('\n');

    expect(readAlertPayload(envelope(message), '2026-12-01')).toEqual({
      source: 'aws',
      budgetName: 'ml-platform AWS',
      budget: '1000',
      cost: '1234.56',
      currency: 'USD',
      periodStart: '2026-10-01',
      periodEnd: '2026-10-31',
      threshold: '0.8',
      forecast: true,
    });
  });
});

describe.skipIf(!HAVE_BILLING)('decideAlertIntake on the shared GCP and Azure samples', () => {
  // Read when a test runs: a skipped describe still runs its body to collect the tests.
  const sample = (file: string, name: string) => {
    const all = losslessParse(readFileSync(path.join(BILLING, file), 'utf8')) as Record<
      string,
      unknown
    >;
    return losslessStringify(all[name])!;
  };
  const gcpSample = (name: string) => sample('gcp/budget_notification_examples.json', name);
  const azureSample = (name: string) => sample('azure/budget_alert_payload_examples.json', name);

  it.each([
    ['over_budget_threshold_crossed', 'draft', 'gcp:BUDGET_NAME/2025-05-01/1'],
    ['over_budget_90pct', 'draft', 'gcp:BUDGET_NAME/2025-05-01/0.9'],
    ['within_budget_no_threshold_key', 'quiet', 'gcp:BUDGET_NAME/2025-05-01/none'],
  ])('GCP %s: %s with key %s', (name, kind, key) => {
    expect(decide(gcpSample(name))).toMatchObject({ kind, key });
  });

  it('Azure ratio threshold: budget 50 USD, 0.8, the month the alert arrived', () => {
    const facts = readAlertPayload(
      azureSample('cost_management_budget_scenario_sample'),
      '2026-10-20',
    );

    expect(facts).toEqual({
      source: 'azure',
      budgetName: 'BudgetName',
      budget: '50',
      cost: '100',
      currency: 'USD',
      periodStart: '2026-10-01',
      periodEnd: '2026-10-31',
      threshold: '0.8',
      forecast: false,
    });
    expect(decideAlertIntake(facts, BUDGETS)).toMatchObject({
      kind: 'draft',
      key: 'azure:BudgetName/2026-10-01/0.8',
      branch: 'packet/support-bots/2026-10',
    });
  });

  it('Azure amount threshold: 8000.0 of a 10000 budget is the same 0.8, nothing to file', () => {
    const text = azureSample('non_common_schema_actual_or_forecasted_budget_sample');
    const budgets = { 'test-budgetName': { owner: 'search', export: 'exports/a.csv' } };

    expect(readAlertPayload(text, '2026-02-14')).toMatchObject({
      budgetName: 'test-budgetName',
      budget: '10000',
      cost: '1111.32',
      threshold: '0.8',
      periodStart: '2026-02-01',
      periodEnd: '2026-02-28',
    });
    expect(decideAlertIntake(readAlertPayload(text, '2026-02-14'), budgets)).toMatchObject({
      kind: 'quiet',
      key: 'azure:test-budgetName/2026-02-01/0.8',
    });
  });

  it('Azure in the common alert schema: a Forecasted Budget is a forecast', () => {
    const data = JSON.parse(azureSample('non_common_schema_actual_or_forecasted_budget_sample'))
      .data as Record<string, unknown>;
    const common = JSON.stringify({
      schemaId: 'azureMonitorCommonAlertSchema',
      data: { essentials: { monitoringService: 'Forecasted Budget' }, alertContext: data },
    });

    expect(readAlertPayload(common, '2026-10-20')).toMatchObject({ forecast: true });
    expect(decideAlertIntake(readAlertPayload(common, '2026-10-20'), BUDGETS)).toMatchObject({
      kind: 'problem',
      problem: { code: 'ALERT_BUDGET_UNMAPPED' },
    });
  });
});
