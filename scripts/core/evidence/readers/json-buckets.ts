/**
 * The page / bucket / result shape both AI providers' cost APIs answer with, walked once for
 * each reader: every bucket is a span of days, every result one line item.
 */
import { losslessJson } from '../../libraries.js';
import { dayPointFromUnix, exclusiveEnd, parseDayPoint, type DayPoint } from '../export-dates.js';
import type { ExportChunks, ReadProblem, ReaderEvent } from '../line-item.js';
import { jsonPages } from './json-pages.js';

/** What a reader needs to know about its provider's shape. */
export interface BucketShape {
  format: string;
  startKey: string;
  endKey: string;
  /** Reads one result object of a bucket into events (an item, or problems). */
  readResult(result: JsonObject, path: string, span: { start: string; end: string }): ReaderEvent[];
}

export type JsonObject = Record<string, unknown>;

/** Streams line items out of a bucketed cost API export. */
export async function* readBuckets(
  shape: BucketShape,
  chunks: ExportChunks,
): AsyncGenerator<ReaderEvent> {
  for await (const event of jsonPages(chunks)) {
    if (event.kind === 'problem') {
      yield event;
      continue;
    }

    const page = event.value;
    const data = isObject(page) ? page.data : undefined;
    if (!Array.isArray(data)) {
      yield jsonProblem(
        'EXPORT_SHAPE',
        `${event.path}.data`,
        `${shape.format}: expected a page with a data array of buckets`,
      );
      continue;
    }

    for (let b = 0; b < data.length; b += 1) {
      yield* readBucket(shape, data[b], `${event.path}.data[${b}]`);
    }

    if (event.last && isObject(page) && page.has_more === true) {
      const message = `the last page says has_more: true, so pages are missing; fetch every page (next_page) and save them together`;
      yield jsonProblem('EXPORT_PAGES_MISSING', `${event.path}.has_more`, message);
    }
  }
}

function* readBucket(shape: BucketShape, bucket: unknown, path: string): Generator<ReaderEvent> {
  if (!isObject(bucket)) {
    yield jsonProblem('EXPORT_SHAPE', path, `${shape.format}: a bucket must be an object`);
    return;
  }
  const start = instant(bucket[shape.startKey]);
  const end = instant(bucket[shape.endKey]);
  if (start === undefined || end === undefined) {
    const key = start === undefined ? shape.startKey : shape.endKey;
    yield jsonProblem(
      'EXPORT_DATE_INVALID',
      `${path}.${key}`,
      `${key} is not a time; expected Unix seconds or an RFC 3339 timestamp`,
    );
    return;
  }
  const span = { start: start.date, end: exclusiveEnd(end) };
  yield { kind: 'span', ...span };

  const results = bucket.results ?? bucket.result;
  if (!Array.isArray(results)) {
    yield jsonProblem(
      'EXPORT_SHAPE',
      `${path}.results`,
      `${shape.format}: a bucket must hold a results array`,
    );
    return;
  }
  for (let r = 0; r < results.length; r += 1) {
    const result: unknown = results[r];
    const resultPath = `${path}.results[${r}]`;
    if (!isObject(result)) {
      yield jsonProblem('EXPORT_SHAPE', resultPath, `${shape.format}: a result must be an object`);
      continue;
    }
    yield* shape.readResult(result, resultPath, span);
  }
}

/** A string field, or undefined for null, absent, or not text. Numbers keep their digits. */
export function textField(object: JsonObject, key: string): string | undefined {
  const value = object[key];
  if (typeof value === 'string' && value !== '') return value;
  if (losslessJson().isLosslessNumber(value)) return value.toString();
  return undefined;
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function jsonProblem(code: string, path: string, message: string): ReaderEvent {
  const problem: ReadProblem = { code, where: path, path, message };
  return { kind: 'problem', problem };
}

function instant(value: unknown): DayPoint | undefined {
  if (losslessJson().isLosslessNumber(value)) return dayPointFromUnix(value.toString());
  if (typeof value === 'string') return parseDayPoint(value);
  return undefined;
}
