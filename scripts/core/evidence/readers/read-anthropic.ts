/**
 * Anthropic cost report (`/v1/organizations/cost_report`): pages of buckets from `starting_at`
 * to `ending_at` (exclusive), each result an `amount` as a decimal string in CENTS of
 * `currency` ("123.45" is 1.2345 USD). A null `workspace_id` is the default workspace.
 */
import { centsToUnits, readAmount, readCurrency } from '../export-amount.js';
import type { ExportChunks, ItemKeys, ReaderEvent } from '../line-item.js';
import { jsonProblem, readBuckets, textField, type BucketShape } from './json-buckets.js';

/** The workspace id given to cost the report lists with a null `workspace_id`. */
export const DEFAULT_WORKSPACE = 'default';

const ANTHROPIC: BucketShape = {
  format: 'Anthropic cost report',
  startKey: 'starting_at',
  endKey: 'ending_at',
  readResult(result, path, span) {
    const amountText = textField(result, 'amount') ?? '';
    const amount = readAmount(amountText);
    const currencyText = typeof result.currency === 'string' ? result.currency : 'USD';
    const currency = readCurrency(currencyText);
    const events: ReaderEvent[] = [];
    if ('code' in amount)
      events.push(jsonProblem(amount.code, `${path}.amount`, `amount ${amount.message}`));
    if (currency === undefined) {
      const message = `currency ${JSON.stringify(currencyText)} is not a three-letter ISO 4217 code`;
      events.push(jsonProblem('EXPORT_CURRENCY_INVALID', `${path}.currency`, message));
    }
    if ('code' in amount || currency === undefined) return events;

    // Present-but-null is the default workspace; absent means the report was not grouped by it.
    const keys: ItemKeys = { provider: 'Anthropic', tags: {} };
    if ('workspace_id' in result)
      keys.workspace = textField(result, 'workspace_id') ?? DEFAULT_WORKSPACE;
    const description = textField(result, 'description') ?? textField(result, 'cost_type');
    const model = textField(result, 'model');
    if (description !== undefined) keys.line_item = description;
    if (model !== undefined) keys.service = model;
    const item = {
      chargeStart: span.start,
      chargeEnd: span.end,
      amount: centsToUnits(amount.amount),
      currency,
      keys,
      source: path,
    };
    return [{ kind: 'item', item }];
  },
};

/** Streams the line items of an Anthropic cost report export. */
export function readAnthropic(chunks: ExportChunks): AsyncGenerator<ReaderEvent> {
  return readBuckets(ANTHROPIC, chunks);
}
