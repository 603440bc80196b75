import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  matches,
  ownerOf,
  type AllocationConfig,
  type AllocationMatch,
} from '../../../scripts/core/evidence/allocation.js';
import type { ItemKeys } from '../../../scripts/core/evidence/line-item.js';

/** The first matching rule by trying every rule in order: what the index must agree with. */
function firstMatch(keys: ItemKeys, config: AllocationConfig): string {
  return config.rules.find((rule) => matches(keys, rule.match))?.owner ?? 'unallocated';
}

const VALUES = ['a', 'b', 'A', 'OpenAI', 'openai', ''];
const match = fc.record(
  {
    provider: fc.constantFrom(...VALUES),
    project: fc.constantFrom(...VALUES),
    service: fc.constantFrom(...VALUES),
    tag: fc.record({
      key: fc.constantFrom('env', ' env', 'team'),
      value: fc.constantFrom(...VALUES),
    }),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<AllocationMatch>;
const item = fc.record(
  {
    provider: fc.constantFrom(...VALUES),
    project: fc.constantFrom(...VALUES),
    service: fc.constantFrom(...VALUES),
    tags: fc.dictionary(fc.constantFrom('env', 'team'), fc.constantFrom(...VALUES)),
  },
  { requiredKeys: ['tags'] },
) as fc.Arbitrary<ItemKeys>;

describe('allocation by rule index', () => {
  it('gives every item the owner of the first rule that matches (property)', () => {
    fc.assert(
      fc.property(
        fc.array(match, { maxLength: 8 }),
        fc.array(item, { maxLength: 8 }),
        (ms, items) => {
          const config: AllocationConfig = {
            rules: ms.map((m, i) => ({ owner: `owner-${i}`, match: m })),
            csv_mappings: {},
          };
          for (const keys of items) expect(ownerOf(keys, config)).toBe(firstMatch(keys, config));
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 500) },
    );
  });
});
