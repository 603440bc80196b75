/**
 * FOCUS 1.0 to 1.2 cost and usage exports.
 *
 * The cost of record is `BilledCost`, or `EffectiveCost` when the packet asks for it; it is
 * never recomputed from a unit price and a quantity. `ServiceProviderName` (1.2) and
 * `ProviderName` (1.0, 1.1) both name the provider. No enum column is read, so mixed-case
 * values such as `Usage-based` cannot change a total.
 */
import type { CostColumn, ExportChunks, ReaderEvent } from '../line-item.js';
import { readTable } from './read-table.js';
import type { TableSpec } from './table-spec.js';

/** The FOCUS columns a line item is read from, for the chosen cost column. */
export function focusSpec(costColumn: CostColumn): TableSpec {
  return {
    format: 'FOCUS',
    amount: [costColumn],
    currency: { columns: ['BillingCurrency'] },
    start: ['ChargePeriodStart'],
    end: ['ChargePeriodEnd'],
    billingPeriodStart: ['BillingPeriodStart'],
    billingPeriodEnd: ['BillingPeriodEnd'],
    keys: {
      provider: ['ServiceProviderName', 'ProviderName'],
      service: ['ServiceName'],
      sub_account: ['SubAccountId'],
    },
    tagsJson: ['Tags'],
  };
}

/** Streams the line items of a FOCUS CSV export. */
export function readFocus(
  chunks: ExportChunks,
  costColumn: CostColumn = 'BilledCost',
): AsyncGenerator<ReaderEvent> {
  return readTable(focusSpec(costColumn), chunks);
}
