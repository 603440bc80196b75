/**
 * OpenAI organization costs (`/organization/costs`): pages of daily buckets whose results
 * carry `amount.value` in dollars (a JSON number, read with all its digits) and a lower-case
 * currency. Buckets run from `start_time` (inclusive) to `end_time` (exclusive), Unix seconds.
 * Keys are present only when the export was grouped by them (`project_id`, `api_key_id`,
 * `line_item`); an ungrouped export is totals only.
 */
import { readAmount, readCurrency, readJsonNumber, type AmountResult } from '../export-amount.js';
import type { ExportChunks, ItemKeys, ReaderEvent } from '../line-item.js';
import { losslessJson } from '../../libraries.js';
import { isObject, jsonProblem, readBuckets, textField, type BucketShape } from './json-buckets.js';

const OPENAI: BucketShape = {
  format: 'OpenAI costs',
  startKey: 'start_time',
  endKey: 'end_time',
  readResult(result, path, span) {
    const amount = result.amount;
    if (!isObject(amount)) {
      return [
        jsonProblem('EXPORT_AMOUNT_EMPTY', `${path}.amount`, 'the result has no amount object'),
      ];
    }

    const value = amountOf(amount.value);
    const currencyText = typeof amount.currency === 'string' ? amount.currency : '';
    const currency = readCurrency(currencyText);
    const events: ReaderEvent[] = [];
    if ('code' in value)
      events.push(jsonProblem(value.code, `${path}.amount.value`, `amount ${value.message}`));
    if (currency === undefined) {
      const message = `currency ${JSON.stringify(currencyText)} is not a three-letter ISO 4217 code`;
      events.push(jsonProblem('EXPORT_CURRENCY_INVALID', `${path}.amount.currency`, message));
    }
    if ('code' in value || currency === undefined) return events;

    const keys: ItemKeys = { provider: 'OpenAI', tags: {} };
    const project = textField(result, 'project_id');
    const apiKey = textField(result, 'api_key_id');
    const lineItem = textField(result, 'line_item');
    if (project !== undefined) keys.project = project;
    if (apiKey !== undefined) keys.api_key = apiKey;
    if (lineItem !== undefined) keys.line_item = lineItem;
    const item = {
      chargeStart: span.start,
      chargeEnd: span.end,
      amount: value.amount,
      currency,
      keys,
      source: path,
    };
    return [{ kind: 'item', item }];
  },
};

/** Streams the line items of an OpenAI organization costs export. */
export function readOpenAi(chunks: ExportChunks): AsyncGenerator<ReaderEvent> {
  return readBuckets(OPENAI, chunks);
}

function amountOf(value: unknown): AmountResult {
  if (losslessJson().isLosslessNumber(value)) return readJsonNumber(value.toString());
  // Some tools save the value as a string; read the same text exactly.
  if (typeof value === 'string') return readAmount(value);
  return {
    code: 'EXPORT_AMOUNT_EMPTY',
    message: 'is missing or null; an empty amount is not zero',
  };
}
