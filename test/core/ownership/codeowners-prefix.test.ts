import fc from 'fast-check';
import ignore from 'ignore';
import { describe, expect, it } from 'vitest';
import { parseCodeowners } from '../../../scripts/core/ownership/codeowners.js';

/** The owning line by trying every rule's matcher, last first: what the prefix check must keep. */
function naiveRuleLine(rules: { pattern: string; line: number }[], file: string) {
  for (let i = rules.length - 1; i >= 0; i--) {
    const matcher = ignore({ ignorecase: false }).add(rules[i]!.pattern);
    if (rules[i]!.pattern.endsWith('/*')) matcher.add('!*/');
    if (matcher.ignores(file)) return rules[i]!.line;
  }
  return undefined;
}

const SEGMENTS = ['packets', 'team', 'team-a', 'Team', 'docs', 'a.yaml', 'x.md', 'evidence'];
const PIECES = [...SEGMENTS, '*', '**', '?', '[ab]', '\\*'];

describe('the literal prefix check before each CODEOWNERS matcher', () => {
  it('picks the same line as trying every matcher (property)', () => {
    const pattern = fc
      .tuple(
        fc.boolean(),
        fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
      )
      .map(([lead, parts, trail]) => `${lead ? '/' : ''}${parts.join('/')}${trail ? '/' : ''}`);
    const file = fc
      .array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 4 })
      .map((parts) => parts.join('/'));

    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 6 }), file, (patterns, path) => {
        const text = patterns.map((p) => `${p} @org/owner`).join('\n');
        const parsed = parseCodeowners(text);
        expect(parsed.ruleFor(path)?.line).toBe(naiveRuleLine(parsed.rules, path));
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 500) },
    );
  });
});
