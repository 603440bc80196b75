/**
 * Credentials pasted into a packet: each provider's key shape fails the check with the field
 * and a redacted excerpt, tells the author to rotate the key, and is never echoed back by any
 * finding, in the field, the message or a rendered report.
 */
import { describe, expect, it } from 'vitest';
import { findSecret } from '../../scripts/core/packet/text-scan.js';
import { renderFindingsText } from '../../scripts/core/render/findings-text.js';
import { codesAt, findingsFor, lineOf, replaceField, replaceLine, VALID_TEXT } from './support.js';

// Shapes only: assembled at run time so no complete key sits in the source.
const tail = (n: number, alphabet = 'A1b2C3d4E5f6G7h8J9k0') =>
  Array.from({ length: n }, (_, i) => alphabet[i % alphabet.length]).join('');

const KEYS: { provider: string; key: string; kind: string }[] = [
  { provider: 'OpenAI project', key: `sk-proj-${tail(48)}`, kind: 'an OpenAI API key' },
  { provider: 'OpenAI legacy', key: `sk-${tail(48)}`, kind: 'an OpenAI API key' },
  { provider: 'Anthropic', key: `sk-ant-api03-${tail(80)}`, kind: 'an Anthropic API key' },
  { provider: 'GitHub classic', key: `ghp_${tail(36)}`, kind: 'a GitHub token' },
  { provider: 'GitHub fine-grained', key: `github_pat_${tail(82)}`, kind: 'a GitHub token' },
  { provider: 'AWS', key: `AKIA${tail(16, 'ABCDEFGHIJ2345')}`, kind: 'an AWS access key id' },
  { provider: 'Google', key: `AIza${tail(35)}`, kind: 'a Google API key' },
  { provider: 'Slack', key: `xoxb-${tail(12, '0123456789')}-${tail(24)}`, kind: 'a Slack token' },
  { provider: 'Stripe', key: `sk_live_${tail(24)}`, kind: 'a Stripe secret key' },
  {
    provider: 'private key',
    key: `-----BEGIN ${'RSA PRIVATE'} KEY-----`,
    kind: 'a private key',
  },
];

const CORRECTIVE = /^corrective_action:/;
const L_CORRECTIVE = lineOf(CORRECTIVE);
const L_PROVIDER = lineOf(/^api_provider:/);

describe('secrets in a packet', () => {
  it.each(KEYS)('$provider key in corrective_action', ({ key, kind }) => {
    const text = replaceField(CORRECTIVE, `corrective_action: 'rotate ${key} soon'`);
    const findings = findingsFor(text);

    expect(codesAt(findings)).toEqual([`SECRET_IN_PACKET@${L_CORRECTIVE}`]);
    const [finding] = findings;
    expect(finding?.field).toBe('/corrective_action');
    expect(finding?.message).toContain('corrective_action');
    expect(finding?.message).toContain(kind);
    expect(finding?.message).toContain(`(${key.slice(0, 4)}…[redacted])`);
    expect(finding?.message).toContain('rotate the key');
    expect(JSON.stringify(findings)).not.toContain(key.slice(0, 12));
  });

  it.each(KEYS.filter((k) => !k.key.includes(' ')))(
    '$provider key as an unknown field name is reported and never echoed',
    ({ key }) => {
      const findings = findingsFor(`${VALID_TEXT}${key}: x\n`);
      const line = VALID_TEXT.split('\n').length;

      expect(codesAt(findings)).toEqual([
        `SCHEMA_UNKNOWN_FIELD@${line}`,
        `SECRET_IN_PACKET@${line}`,
      ]);
      expect(JSON.stringify(findings)).not.toContain(key.slice(0, 12));
      expect(renderFindingsText(findings, false).join('\n')).not.toContain(key.slice(0, 12));
    },
  );

  it('finds a key in a field that fails the schema, and the schema message redacts it', () => {
    const key = KEYS[2]!.key;
    const findings = findingsFor(replaceLine(/^currency:/, `currency: ${key}`));

    expect(codesAt(findings)).toEqual([
      `SCHEMA_LENGTH@${L_PROVIDER + 1}`,
      `SCHEMA_PATTERN@${L_PROVIDER + 1}`,
      `SECRET_IN_PACKET@${L_PROVIDER + 1}`,
    ]);
    expect(JSON.stringify(findings)).not.toContain(key.slice(0, 12));
  });

  it('leaves text that only resembles a key alone', () => {
    const text = replaceField(
      CORRECTIVE,
      "corrective_action: 'ask-ant-colony and sk-short are fine'",
    );
    expect(codesAt(findingsFor(text))).toEqual([]);
  });
});

describe('credentials glued to other text', () => {
  it.each([
    ['an Anthropic key after a letter', 'xsk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['an AWS key id after letters', 'keyAKIAABCDEFGHIJKLMNOP'],
    ['an OpenAI key after an underscore', 'token_sk-proj-abcdefghijklmnopqrstuvwx'],
    ['a lower-case private key header', '-----begin rsa private key-----'],
    ['a Hugging Face token', 'hf_abcdefghijklmnopqrstuvwxyz0123456789'],
  ])('finds %s', (_label, text) => {
    expect(findSecret(text)).toBeDefined();
  });
});
