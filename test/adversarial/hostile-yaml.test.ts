/**
 * Hostile YAML: every way a packet's text could mean two things, hide text, or exhaust the
 * parser. Each case is a small edit of a valid packet and the exact code (and line) it earns.
 */
import { describe, expect, it } from 'vitest';
import { parsePacketText } from '../../scripts/core/packet/parse.js';
import { codesAt, findingsFor, lineOf, replaceLine, VALID_TEXT } from './support.js';

const PROVIDER = /^api_provider:/;
const L_PROVIDER = lineOf(PROVIDER);
const L_SCOPE = lineOf(/^scope:/);

interface Case {
  name: string;
  text: string | Uint8Array;
  /** Exact `CODE@line` list, in report order. */
  expected: string[];
}

const nested = (depth: number) =>
  `${Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n')} x`;

const CASES: Case[] = [
  {
    name: 'a !!binary tag',
    text: replaceLine(PROVIDER, 'api_provider: !!binary TWljcm9zb2Z0'),
    expected: [`YAML_TAG@${L_PROVIDER}`],
  },
  {
    name: 'a !!str tag on a plain value',
    text: replaceLine(PROVIDER, 'api_provider: !!str Microsoft'),
    expected: [`YAML_TAG@${L_PROVIDER}`],
  },
  {
    name: 'a local !tag',
    text: replaceLine(PROVIDER, 'api_provider: !provider Microsoft'),
    expected: [`YAML_TAG@${L_PROVIDER}`],
  },
  {
    name: 'a %YAML 1.1 directive (where `no` and 0x10 would change meaning)',
    text: `%YAML 1.1\n---\n${VALID_TEXT}`,
    expected: ['YAML_VERSION@1'],
  },
  {
    name: 'a merge key << stays a plain key, which the schema rejects',
    text: replaceLine(/^scope:/, 'scope:\n  <<: {sub_account: sub-ml-01}'),
    expected: [`SCHEMA_UNKNOWN_FIELD@${L_SCOPE + 1}`],
  },
  {
    name: 'a merge key << with an alias',
    text: replaceLine(/^scope:/, 'base: &b {sub_account: sub-ml-01}\nscope:\n  <<: *b'),
    expected: [`YAML_ANCHOR@${L_SCOPE}`, `YAML_ALIAS@${L_SCOPE + 2}`],
  },
  {
    name: 'an anchor',
    text: replaceLine(PROVIDER, 'api_provider: &p Microsoft'),
    expected: [`YAML_ANCHOR@${L_PROVIDER}`],
  },
  {
    name: 'an alias to an anchor',
    text: replaceLine(/^currency:/, 'currency: &c USD\nx_currency: *c'),
    expected: [`YAML_ANCHOR@${lineOf(/^currency:/)}`, `YAML_ALIAS@${lineOf(/^currency:/) + 1}`],
  },
  {
    name: 'billion-laughs-shaped aliases',
    text:
      'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n' +
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n',
    // Nodes under an anchor are not walked, so only the last line's aliases are listed.
    expected: ['YAML_ANCHOR@1', 'YAML_ANCHOR@2', 'YAML_ANCHOR@3', ...Array(9).fill('YAML_ALIAS@4')],
  },
  {
    name: 'nesting deeper than the limit',
    text: `${VALID_TEXT}${nested(20)}\n`,
    // Reported where the first node past the limit (the value of k16) starts.
    expected: [`YAML_TOO_DEEP@${VALID_TEXT.split('\n').length + 17}`],
  },
  {
    name: 'deep flow nesting',
    text: `${VALID_TEXT}deep: ${'['.repeat(200)}${']'.repeat(200)}\n`,
    expected: [`YAML_TOO_DEEP@${VALID_TEXT.split('\n').length}`],
  },
  {
    name: 'a duplicate key',
    text: replaceLine(PROVIDER, 'api_provider: Microsoft\napi_provider: OpenAI'),
    expected: [`YAML_DUPLICATE_KEY@${L_PROVIDER + 1}`],
  },
  {
    name: 'duplicate keys 1 and "1"',
    text: `${VALID_TEXT}extra:\n  1: a\n  "1": b\n`,
    expected: [`YAML_DUPLICATE_KEY@${VALID_TEXT.split('\n').length + 2}`],
  },
  {
    name: 'duplicate keys true and "true"',
    text: `${VALID_TEXT}extra:\n  true: a\n  "true": b\n`,
    expected: [`YAML_DUPLICATE_KEY@${VALID_TEXT.split('\n').length + 2}`],
  },
  {
    name: 'a __proto__ key is data, not a prototype',
    text: `${VALID_TEXT}__proto__:\n  polluted: true\n`,
    expected: [`SCHEMA_UNKNOWN_FIELD@${VALID_TEXT.split('\n').length}`],
  },
  {
    name: 'a constructor key inside scope',
    text: replaceLine(/^scope:/, 'scope:\n  constructor: x'),
    expected: [`SCHEMA_UNKNOWN_FIELD@${L_SCOPE + 1}`],
  },
  {
    name: 'a complex (mapping) key',
    text: `${VALID_TEXT}? [a, b]\n: c\n`,
    expected: [`YAML_COMPLEX_KEY@${VALID_TEXT.split('\n').length}`],
  },
  {
    name: 'a huge scalar under the byte cap still fails its field length',
    text: replaceLine(PROVIDER, `api_provider: ${'M'.repeat(5000)}`),
    expected: [`SCHEMA_LENGTH@${L_PROVIDER}`],
  },
  {
    name: 'a file over the 64 KiB cap is refused before parsing',
    text: `${VALID_TEXT}# ${'x'.repeat(70_000)}\n`,
    expected: ['FILE_TOO_LARGE@1'],
  },
  {
    name: 'a raw NUL byte',
    text: replaceLine(PROVIDER, 'api_provider: Micro\u0000soft'),
    expected: [`FILE_HIDDEN_CHARACTER@${L_PROVIDER}`],
  },
  {
    name: 'a raw bidi override in the id',
    text: replaceLine(
      /^exception_packet_id:/,
      'exception_packet_id: EXC-2026-12-02-\u202eML-PLATFORM',
    ),
    expected: ['FILE_HIDDEN_CHARACTER@2'],
  },
  {
    name: 'a raw right-to-left mark in free text',
    text: replaceLine(PROVIDER, 'api_provider: Micro\u200fsoft'),
    expected: [`FILE_HIDDEN_CHARACTER@${L_PROVIDER}`],
  },
  {
    name: 'a raw zero-width space in free text',
    text: replaceLine(PROVIDER, 'api_provider: Micro\u200bsoft'),
    expected: [`FILE_HIDDEN_CHARACTER@${L_PROVIDER}`],
  },
  {
    name: 'a C1 control character',
    text: replaceLine(PROVIDER, 'api_provider: Micro\u0085soft'),
    expected: [`FILE_HIDDEN_CHARACTER@${L_PROVIDER}`],
  },
  {
    name: 'a bidi override written as a YAML escape',
    text: replaceLine(PROVIDER, 'api_provider: "Micro\\u202Esoft"'),
    expected: [`TEXT_HIDDEN_CHARACTER@${L_PROVIDER}`],
  },
  {
    name: 'a NUL written as a YAML escape',
    text: replaceLine(PROVIDER, 'api_provider: "Micro\\0soft"'),
    expected: [`TEXT_HIDDEN_CHARACTER@${L_PROVIDER}`],
  },
  {
    name: 'an escaped control character in a map key',
    text: replaceLine(/^scope:/, 'scope:\n  "sub_\\x07account": sub-ml-01'),
    expected: [`SCHEMA_UNKNOWN_FIELD@${L_SCOPE + 1}`, `TEXT_HIDDEN_CHARACTER@${L_SCOPE + 1}`],
  },
  {
    name: 'invalid UTF-8',
    text: new Uint8Array([...new TextEncoder().encode('api_provider: Micro'), 0xc3, 0x28]),
    expected: ['FILE_INVALID_UTF8@1'],
  },
  {
    name: 'a byte-order mark',
    text: `\ufeff${VALID_TEXT}`,
    expected: ['FILE_BOM@1'],
  },
  {
    name: 'a byte-order mark in the middle of the text',
    text: replaceLine(PROVIDER, 'api_provider: Micro\ufeffsoft'),
    expected: [`FILE_HIDDEN_CHARACTER@${L_PROVIDER}`],
  },
  {
    name: 'CRLF line ends are accepted with values unchanged',
    text: VALID_TEXT.replaceAll('\n', '\r\n'),
    expected: [],
  },
  {
    name: 'an escaped CR is a line end, allowed like LF',
    text: replaceLine(PROVIDER, 'api_provider: "Micro\\rsoft"'),
    expected: [],
  },
  {
    name: 'two documents',
    text: `${VALID_TEXT}---\na: 1\n`,
    expected: [`YAML_MULTIPLE_DOCUMENTS@${VALID_TEXT.split('\n').length}`],
  },
  {
    name: 'a tab used as indentation',
    text: replaceLine(/^ {2}sub_account:/, '\tsub_account: sub-ml-01'),
    expected: [`YAML_TAB_INDENT@${L_SCOPE + 1}`],
  },
];

describe('hostile YAML', () => {
  it.each(CASES)('$name', ({ text, expected }) => {
    expect(codesAt(findingsFor(text))).toEqual(expected);
  });

  it('keeps a __proto__ key as an own property of a null-prototype object', () => {
    const parsed = parsePacketText('__proto__:\n  polluted: true\nconstructor: 1\n');
    const data = parsed.data as Record<string, unknown>;

    expect(Object.getPrototypeOf(data)).toBeNull();
    expect(Object.keys(data)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects billion-laughs input quickly, without expanding it', () => {
    const level = (i: number) =>
      `[${Array(10)
        .fill(`*l${i - 1}`)
        .join(', ')}]`;
    const levels = Array.from({ length: 12 }, (_, i) =>
      i === 0 ? 'l0: &l0 [lol, lol, lol]' : `l${i}: ${i < 11 ? `&l${i} ` : ''}${level(i)}`,
    );
    const started = performance.now();
    const findings = findingsFor(`${levels.join('\n')}\n`);

    expect(performance.now() - started).toBeLessThan(1000);
    expect(new Set(findings.map((f) => f.code))).toEqual(new Set(['YAML_ANCHOR', 'YAML_ALIAS']));
  });
});
