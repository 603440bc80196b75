import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guardBytes } from '../../../scripts/core/packet/guard-bytes.js';
import { parseYamlPacketText } from '../../../scripts/core/packet/parse.js';
import { scanTexts } from '../../../scripts/core/packet/scan-texts.js';
import {
  findPlaceholder,
  mayHoldMarkedText,
  stringsIn,
} from '../../../scripts/core/packet/text-scan.js';
import { listPackets } from '../../../scripts/io/files.js';
import { REPO_ROOT } from '../../support/paths.js';

/** What the full scan of a text's values finds: credentials, hidden characters, placeholders. */
function marksIn(text: string): string[] {
  const parsed = parseYamlPacketText(text);
  if (parsed.data === undefined) return [];
  const strings = stringsIn(parsed.data, true);
  const placeholders = strings.filter((s) => findPlaceholder(s.text) !== undefined);
  return [...scanTexts(strings).map((f) => f.code), ...placeholders.map(() => 'PLACEHOLDER')];
}

const example = readFileSync(path.join(REPO_ROOT, (await listPackets(REPO_ROOT))[0]!), 'utf8');

describe('the source pre-check before the scan of every value', () => {
  it.each([
    ['a credential', 'note: key sk-proj-abcdefghijklmnopqrstuvwxyz\n'],
    ['a private key folded across lines', 'note: -----BEGIN RSA PRIVATE\n  KEY----- x\n'],
    ['an escaped hidden character', 'note: "a\\u200Bb"\n'],
    ['an escaped credential', 'note: "\\x73k-proj-abcdefghijklmnopqrstuvwxyz"\n'],
    ['a placeholder', 'note: "[TODO: fill in]"\n'],
    ['a credential in a key', 'sk-proj-abcdefghijklmnopqrstuvwxyz: 1\n'],
  ])('lets %s through to the scan, which finds it', (_label, text) => {
    expect(mayHoldMarkedText(text)).toBe(true);
    expect(marksIn(text)).not.toEqual([]);
  });

  it('spares a clean packet the scan', () => {
    expect(mayHoldMarkedText(example)).toBe(false);
    expect(marksIn(example)).toEqual([]);
  });

  it('never spares a text whose values hold a mark (property)', () => {
    const pieces = [
      '\\',
      '\u200b',
      '\u0007',
      '"',
      '\n  ',
      '\n',
      ' ',
      'sk-',
      'proj-abcdefghijklmnopqrstuvwxyz0123',
      'PRIVATE',
      'KEY-----',
      '-----BEGIN ',
      '[TODO',
      'u200B',
      'x73',
      ']',
      ': ',
      '>-',
    ];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ at: fc.nat({ max: example.length }), insert: fc.constantFrom(...pieces) }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        (edits) => {
          let text = example;
          for (const { at, insert } of edits) {
            const where = Math.min(at, text.length);
            text = text.slice(0, where) + insert + text.slice(where);
          }
          const guarded = guardBytes(new TextEncoder().encode(text)).text;
          if (guarded !== undefined && !mayHoldMarkedText(guarded)) {
            expect(marksIn(guarded)).toEqual([]);
          }
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) },
    );
  });
});

describe('the placeholder a finding quotes', () => {
  it('is the whole marker when it is short', () => {
    expect(findPlaceholder('Because [TODO: say why] it grew')).toBe('[TODO: say why]');
  });

  it('ends with an ellipsis when the marker is cut short', () => {
    const marker = findPlaceholder('[TODO: why the overage happened and why it is worth paying]');

    expect(marker).toBe('[TODO: why the overage happened and why…');
  });
});
