import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePlainPacket } from '../../../scripts/core/packet/parse-plain.js';
import { parseYamlPacketText, type ParsedText } from '../../../scripts/core/packet/parse.js';
import { listPackets } from '../../../scripts/io/files.js';
import { FIXTURES, REPO_ROOT } from '../../support/paths.js';

/** Everything a parse gives the rest of the pipeline, in a form `toEqual` compares fully. */
function view(parsed: ParsedText) {
  const positions = [...parsed.valueOffsets.values(), ...parsed.keyOffsets.values()].map(
    (offset) => [offset, parsed.position(offset)],
  );
  return {
    data: JSON.parse(JSON.stringify(parsed.data)) as unknown,
    valueOffsets: [...parsed.valueOffsets].sort(),
    keyOffsets: [...parsed.keyOffsets].sort(),
    numberSources: [...parsed.numberSources].sort(),
    positions,
    problems: parsed.problems,
  };
}

/** The fast reader either declines or agrees exactly with the full parser. */
function expectAgreement(text: string): boolean {
  const fast = parsePlainPacket(text);
  if (fast === undefined) return false;
  expect(view(fast)).toEqual(view(parseYamlPacketText(text)));
  return true;
}

const shipped = (await listPackets(REPO_ROOT)).map((file) =>
  readFileSync(path.join(REPO_ROOT, file), 'utf8'),
);
const fixtureTexts = ['invalid', 'valid', 'remind-repo/packets/search'].flatMap((folder) =>
  readdirSync(path.join(FIXTURES, folder))
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => readFileSync(path.join(FIXTURES, folder, name), 'utf8')),
);

describe('the plain packet reader', () => {
  it('reads every shipped packet, exactly as the full parser does', () => {
    for (const text of shipped) expect(expectAgreement(text)).toBe(true);
  });

  it('agrees with the full parser on every fixture it accepts, and declines the tricky ones', () => {
    const accepted = fixtureTexts.filter((text) => expectAgreement(text));
    expect(accepted.length).toBeGreaterThan(20);
    for (const text of fixtureTexts.filter((t) => /^%YAML|\t|&\w|\*\w|!!/m.test(t))) {
      expect(parsePlainPacket(text)).toBeUndefined();
    }
  });

  it.each([
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a null value', 'a:\nb: 1\n'],
    ['a flow sequence', 'a: [1, 2]\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a blank line in a block scalar', 'a: >-\n  one\n\n  two\n'],
    ['a comment line in a block scalar', 'a: |\n  one\n  # two\n'],
    ['an escape in a double-quoted scalar', 'a: "x\\ty"\n'],
    ['a document marker', '---\na: 1\n'],
    ['a numeric key', '1: a\n'],
    ['a hex number', 'a: 0x1F\n'],
    ['CRLF line ends', 'a: 1\r\n'],
    ['a huge integer', 'a: 123456789012345678901\n'],
  ])('declines %s', (_label, text) => {
    expect(parsePlainPacket(text)).toBeUndefined();
  });

  it('agrees with the full parser on mutated packets (property)', () => {
    const base = shipped[0]!;
    const pieces = [' ', '  ', '\n', ': ', '- ', '#', "'", '"', '>-', '|', '0', '1.5', 'x', '~'];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            at: fc.nat({ max: base.length }),
            cut: fc.nat({ max: 3 }),
            insert: fc.constantFrom(...pieces),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        (edits) => {
          let text = base;
          for (const { at, cut, insert } of edits) {
            const where = Math.min(at, text.length);
            text = text.slice(0, where) + insert + text.slice(where + cut);
          }
          expectAgreement(text);
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) },
    );
  });
});

describe('the plain packet reader on unusual white space', () => {
  it.each([
    ['a no-break space in the indent', 'a:\n   \u00a0b: 1\n'],
    ['an ideographic space in the indent', 'a:\n  \u3000b: 1\n'],
    ['a line separator', 'a: 1\u2028b: 2\n'],
  ])('declines %s', (_label, text) => {
    expect(parsePlainPacket(text)).toBeUndefined();
  });
});
