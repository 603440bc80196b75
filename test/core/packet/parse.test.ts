import { describe, expect, it } from 'vitest';
import { parseYamlPacketText } from '../../../scripts/core/packet/parse.js';

describe('a key written twice', () => {
  it('is reported at the second one, naming the key', () => {
    const parsed = parseYamlPacketText('currency: USD\nbudget_amount: "1.00"\ncurrency: EUR\n');
    expect(parsed.problems.map((p) => [p.code, p.offset, p.message])).toEqual([
      [
        'YAML_DUPLICATE_KEY',
        36,
        'repeats the key "currency" of this mapping; keep one of them (YAML reads only one)',
      ],
    ]);
  });
});
