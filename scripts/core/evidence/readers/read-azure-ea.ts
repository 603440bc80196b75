/**
 * The Azure Enterprise Agreement "actual cost" export (the native usage details CSV, not
 * FOCUS): one row per meter and day, `Cost` in `BillingCurrency`, the day in `Date` written
 * `MM/DD/YYYY`, the billing period's first and last day in `BillingPeriodStartDate` and
 * `BillingPeriodEndDate` (inclusive). `Tags` holds a JSON object without its braces.
 * Purchases (reservations, marketplace) are actual cost too and are counted like usage.
 */
import type { ExportChunks, ReaderEvent } from '../line-item.js';
import { readTable } from './read-table.js';
import type { TableSpec } from './table-spec.js';

export const AZURE_EA_SPEC: TableSpec = {
  format: 'Azure EA actual cost',
  amount: ['Cost', 'CostInBillingCurrency'],
  currency: { columns: ['BillingCurrency', 'BillingCurrencyCode'] },
  start: ['Date', 'UsageDate'],
  billingPeriodStart: ['BillingPeriodStartDate'],
  billingPeriodEnd: ['BillingPeriodEndDate'],
  billingPeriodEndInclusive: true,
  keys: {
    service: ['MeterCategory'],
    sub_account: ['SubscriptionId'],
    project: ['ResourceGroup'],
    line_item: ['Product'],
  },
  fixedKeys: { provider: 'Microsoft' },
  tagsJson: ['Tags'],
};

/** Streams the line items of an Azure EA actual cost CSV. */
export function readAzureEa(chunks: ExportChunks): AsyncGenerator<ReaderEvent> {
  return readTable(AZURE_EA_SPEC, chunks);
}
