/**
 * The packet JSON Schema, compiled once, and its errors turned into findings that name the field,
 * say what was expected and what to write instead.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';
import packetSchema from '../../../schemas/packet.schema.json' with { type: 'json' };
import { lazyValidator, type SchemaSpec } from '../compiled-schema.js';
import { parseDecimal, isDecimal } from '../money/decimal.js';
import { excerpt, type RuleFinding } from './finding.js';

/** The packet schema and its settings, shared by the build step that precompiles it. */
export const PACKET_SCHEMA: SchemaSpec = {
  name: 'packet',
  schema: packetSchema,
  options: { allErrors: true, strict: true, allowUnionTypes: true },
  formats: true,
};

const validatePacketShape = lazyValidator(PACKET_SCHEMA);

/** The schema's own description of a top-level field, for the README and for messages. */
export const packetFieldDescriptions: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(packetSchema.properties).map(([name, spec]) => [name, spec.description]),
);

/** Checks data against the packet schema and returns every problem, not the first one only. */
export function checkSchema(data: unknown): RuleFinding[] {
  if (validatePacketShape(data)) return [];
  const errors = collapse(validatePacketShape.errors ?? []);
  return errors.map((error) => toFinding(error, data));
}

/** Drops the noise `anyOf` and `type` unions produce so each field is reported once. */
function collapse(errors: ErrorObject[]): ErrorObject[] {
  const anyOfPaths = new Set(
    errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath),
  );
  // A date field fails its pattern and its date format alike: the date finding says it better.
  const datePaths = new Set(
    errors
      .filter((e) => e.keyword === 'format' && (e.params as { format?: string }).format === 'date')
      .map((e) => e.instancePath),
  );
  const seen = new Set<string>();
  const kept: ErrorObject[] = [];
  for (const error of errors) {
    if (anyOfPaths.has(error.instancePath) && error.keyword !== 'anyOf') continue;
    if (datePaths.has(error.instancePath) && error.keyword === 'pattern') continue;
    const key = `${error.instancePath}|${error.keyword}|${JSON.stringify(error.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(error);
  }
  return kept;
}

function toFinding(error: ErrorObject, data: unknown): RuleFinding {
  const path = error.instancePath;
  const name = fieldName(path);
  const value = valueAt(data, path);
  const params = error.params as Record<string, unknown>;

  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      return {
        code: 'SCHEMA_REQUIRED',
        field: `${path}/${missing}`,
        message: `missing required field "${missing}"; add it (see the field reference in README.md)`,
      };
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      return {
        code: 'SCHEMA_UNKNOWN_FIELD',
        field: `${path}/${extra}`,
        message: `unknown field "${excerpt(extra)}"${suggest(extra, path)}; remove or rename it`,
      };
    }
    case 'pattern':
      return patternFinding(path, name, value);
    case 'format':
      return {
        code: params.format === 'date' ? 'DATE_INVALID' : 'SCHEMA_FORMAT',
        field: path,
        message:
          params.format === 'date'
            ? dateMessage(name, value)
            : `${name} ${show(value)} is not an ISO-8601 timestamp with offset, e.g. 2026-11-05T14:03:00Z`,
      };
    case 'enum':
      return {
        code: 'SCHEMA_ENUM',
        field: path,
        message: `${name} ${show(value)} is not allowed; use one of ${(params.allowedValues as unknown[]).join(', ')}`,
      };
    case 'type':
      return {
        code: 'SCHEMA_TYPE',
        field: path,
        message: `${name} must be ${String(params.type).replace(',', ' or ')}, found ${typeName(value)}`,
      };
    case 'anyOf':
      return {
        code: 'SCHEMA_FORMAT',
        field: path,
        message: `${name} ${show(value)} is not valid: ${describe(path)}`,
      };
    default:
      return {
        code:
          error.keyword === 'minLength' || error.keyword === 'maxLength'
            ? 'SCHEMA_LENGTH'
            : 'SCHEMA_INVALID',
        field: path,
        message: `${name} ${error.message ?? 'is invalid'}`,
      };
  }
}

/** A date written in another form, or a day the calendar does not have (2026-11-31). */
function dateMessage(name: string, value: unknown): string {
  const shaped = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
  return shaped
    ? `${name} ${show(value)} is not a real calendar date; write YYYY-MM-DD`
    : `${name} ${show(value)} is not written as a calendar date YYYY-MM-DD, e.g. 2027-04-01`;
}

function patternFinding(path: string, name: string, value: unknown): RuleFinding {
  if (isMoneyField(path) && typeof value === 'string') {
    const parsed = parseDecimal(value);
    if (!isDecimal(parsed))
      return { code: parsed.code, field: path, message: `${name} ${parsed.message}` };
  }
  return {
    code: 'SCHEMA_PATTERN',
    field: path,
    message: `${name} ${show(value)} does not have the expected form: ${describe(path)}`,
  };
}

/** Money fields are the ones whose schema allows a string or a number. */
function isMoneyField(path: string): boolean {
  return /\/(billed_total|budget_amount|overage_amount|overage_pct_above_threshold|amount|requested_budget)$/.test(
    path,
  );
}

/** The schema's description of the field at a path (top-level or one level down). */
function describe(path: string): string {
  const top = path.split('/')[1] ?? '';
  return packetFieldDescriptions[top] ?? 'see the field reference in README.md';
}

function suggest(extra: string, path: string): string {
  if (path !== '') return '';
  const names = Object.keys(packetFieldDescriptions);
  const close = names.find((candidate) => distance(candidate, extra) <= 2);
  return close ? ` (did you mean "${close}"?)` : '';
}

/** Levenshtein distance, small strings only (field names). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      row[j] = Math.min(
        above + 1,
        (row[j - 1] ?? 0) + 1,
        diagonal + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

function fieldName(path: string): string {
  return path === '' ? 'the packet' : path.slice(1).replaceAll('/', '.');
}

function valueAt(data: unknown, path: string): unknown {
  let current = data;
  for (const part of path.split('/').slice(1)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[
      part.replaceAll('~1', '/').replaceAll('~0', '~')
    ];
  }
  return current;
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(excerpt(value));
  return typeName(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text ${JSON.stringify(excerpt(value))}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  return typeof value;
}
