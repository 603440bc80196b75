/**
 * Property test: random and mutated packets never make the validator throw, each finishes in
 * bounded time, and each ends valid or with findings that all have a code, a line >= 1 and a
 * message. Small by default (CI runs it in seconds); set PACKET_PROPERTY_RUNS for more.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../scripts/core/packet/finding.js';
import { validatePackets } from '../../scripts/core/packet/validate.js';
import { VALID_PATH, VALID_TEXT } from './support.js';

const RUNS = Number(process.env.PACKET_PROPERTY_RUNS ?? 150);
/** Per packet: generous for a slow shared CI machine, far below what a blow-up would take. */
const MAX_MS_PER_PACKET = 500;

const VALID_BYTES = new TextEncoder().encode(VALID_TEXT);
const PUNCTUATION = [
  '&a ',
  '*a',
  '!!',
  '<<: ',
  '%YAML 1.1\n',
  '---\n',
  '? ',
  '{',
  '[',
  '"',
  "'",
  '|',
  '>',
  ': ',
  '- ',
  '\t',
  '#',
  '\\u202e',
  '\u202e',
  '\r',
  '\ufeff',
  '@',
  '`',
];

/** A mutation of the valid example's bytes. */
const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('flip' as const),
    at: fc.nat(),
    bits: fc.integer({ min: 1, max: 255 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom(...PUNCTUATION),
  }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    at: fc.nat(),
    times: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 40 }),
  }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function apply(bytes: Uint8Array, change: Mutation): Uint8Array {
  const at = bytes.length === 0 ? 0 : change.at % bytes.length;
  const encode = (text: string) => new TextEncoder().encode(text);
  switch (change.kind) {
    case 'flip': {
      const copy = bytes.slice();
      if (copy.length > 0) copy[at] = (copy[at] ?? 0) ^ change.bits;
      return copy;
    }
    case 'insert':
      return concat(bytes.slice(0, at), encode(change.text), bytes.slice(at));
    case 'duplicate': {
      const lines = new TextDecoder().decode(bytes).split('\n');
      const index = change.at % lines.length;
      lines.splice(index, 0, ...Array<string>(change.times).fill(lines[index] ?? ''));
      return encode(lines.join('\n'));
    }
    case 'truncate':
      return bytes.slice(0, at);
    case 'delete':
      return concat(bytes.slice(0, at), bytes.slice(at + change.length));
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Runs the validator and checks the outcome is well formed; returns what went wrong. */
function judge(bytes: Uint8Array): string[] {
  const started = performance.now();
  let findings: Finding[];
  try {
    findings = validatePackets([{ path: VALID_PATH, bytes }]).findings;
  } catch (error) {
    return [`threw ${String(error)}`];
  }
  const elapsed = performance.now() - started;

  const problems = findings
    .filter((f) => !/^[A-Z][A-Z0-9_]+$/.test(f.code) || !(f.line >= 1) || f.message.trim() === '')
    .map((f) => `malformed finding ${JSON.stringify(f)}`);
  if (elapsed > MAX_MS_PER_PACKET) problems.push(`took ${Math.round(elapsed)} ms`);
  return problems;
}

describe('validator properties', () => {
  it('the unmutated example is valid', () => {
    expect(validatePackets([{ path: VALID_PATH, bytes: VALID_BYTES }]).findings).toEqual([]);
  });

  it('mutated packets never throw, finish in bounded time and end in well-formed findings', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (changes) => {
        const bytes = changes.reduce(apply, VALID_BYTES);
        expect(judge(bytes)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('random text and random bytes never throw either', () => {
    const yamlish = fc
      .array(
        fc.oneof(
          fc.constantFrom(...PUNCTUATION, '\n', '  ', 'a', '1', 'key'),
          fc.string({ maxLength: 8 }),
        ),
        { maxLength: 200 },
      )
      .map((parts) => new TextEncoder().encode(parts.join('')));
    fc.assert(
      fc.property(fc.oneof(yamlish, fc.uint8Array({ maxLength: 2000 })), (bytes) => {
        expect(judge(bytes)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});
