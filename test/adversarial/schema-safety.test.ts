/**
 * The schemas are safe to run on hostile data: each passes ajv's secure meta-schema (adapted
 * to 2020-12), every `pattern` and `format` is bounded by a `maxLength`, no ajv instance
 * coerces, fills defaults, removes properties or reads `$data`, and parsed data is never merged
 * onto an object whose prototype it could change.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { createAjv } from '../../scripts/core/compiled-schema.js';
import { PACKET_SCHEMA } from '../../scripts/core/packet/schema.js';
import { REPO_ROOT } from '../support/paths.js';

type Json = Record<string, unknown>;

const require = createRequire(import.meta.url);
const SECURE = require('ajv/lib/refs/json-schema-secure.json') as Json;

/** The draft-07 secure meta-schema, taught to descend into 2020-12's subschema keywords. */
function secure2020(): Json {
  const schema = structuredClone(SECURE);
  const properties = schema.properties as Json;
  const each = { additionalProperties: { $ref: '#' } };
  Object.assign(properties, {
    $defs: each,
    dependentSchemas: each,
    prefixItems: { type: 'array', items: { $ref: '#' } },
    items: { $ref: '#' },
    contains: { $ref: '#' },
    propertyNames: { $ref: '#' },
    unevaluatedProperties: { $ref: '#' },
    unevaluatedItems: { $ref: '#' },
  });
  return { ...schema, $id: 'secure-2020' };
}

const SCHEMA_DIR = path.join(REPO_ROOT, 'schemas');
const SCHEMAS = readdirSync(SCHEMA_DIR)
  .filter((name) => name.endsWith('.json'))
  .map((name) => ({
    name,
    schema: JSON.parse(readFileSync(path.join(SCHEMA_DIR, name), 'utf8')) as Json,
  }));

/** Keywords whose values are data, not schemas: a `format` key in an example is not one. */
const DATA_KEYWORDS = new Set(['examples', 'enum', 'const', 'default']);

/** Every subschema holding `key` as a string (a keyword, not a field named so), by pointer. */
function holding(node: unknown, key: string, pointer = ''): string[] {
  if (node === null || typeof node !== 'object') return [];
  const here = !Array.isArray(node) && typeof (node as Json)[key] === 'string' ? [pointer] : [];
  const children = Object.entries(node)
    .filter(([k]) => !DATA_KEYWORDS.has(k))
    .flatMap(([k, v]) => holding(v, key, `${pointer}/${k}`));
  return [...here, ...children];
}

/** The subschema at a JSON Pointer. */
function at(schema: Json, pointer: string): Json {
  return pointer
    .split('/')
    .slice(1)
    .reduce<Json>((node, part) => node[part] as Json, schema);
}

describe('schema safety', () => {
  const metaAjv = new Ajv({ strict: false, allErrors: true });
  const isSecure = metaAjv.compile(secure2020());

  it.each(SCHEMAS)('$name passes the secure meta-schema', ({ schema }) => {
    isSecure(schema);
    expect(isSecure.errors ?? []).toEqual([]);
  });

  it.each(SCHEMAS)('$name bounds every pattern and format with a maxLength', ({ schema }) => {
    const unbounded = [...holding(schema, 'pattern'), ...holding(schema, 'format')].filter(
      (pointer) => typeof at(schema, pointer).maxLength !== 'number',
    );
    expect(unbounded).toEqual([]);
  });

  it('the shared ajv instance judges data exactly as written', () => {
    const { opts } = createAjv(PACKET_SCHEMA);
    expect({
      $data: opts.$data ?? false,
      coerceTypes: opts.coerceTypes ?? false,
      useDefaults: opts.useDefaults ?? false,
      removeAdditional: opts.removeAdditional ?? false,
    }).toEqual({ $data: false, coerceTypes: false, useDefaults: false, removeAdditional: false });
  });

  it('no ajv instance in scripts/ is built with a data-changing option', () => {
    const offenders = sources().filter(({ text }) =>
      /new Ajv\w*\([^)]*\b(?:\$data|coerceTypes|useDefaults|removeAdditional)\b/s.test(text),
    );
    expect(offenders.map((s) => s.file)).toEqual([]);
  });

  it('parsed data is never merged with Object.assign, a deep merge or a prototype write', () => {
    const risky = /Object\.assign\(|Object\.setPrototypeOf\(|\.__proto__\s*=|deepmerge|lodash/;
    expect(
      sources()
        .filter(({ text }) => risky.test(text))
        .map((s) => s.file),
    ).toEqual([]);
  });
});

function sources(): { file: string; text: string }[] {
  const root = path.join(REPO_ROOT, 'scripts');
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => ({ file, text: readFileSync(path.join(root, file), 'utf8') }));
}
