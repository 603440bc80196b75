import { describe, expect, it } from 'vitest';
import { parseAllocationConfig } from '../../../scripts/core/evidence/allocation-config.js';

const RULES = 'rules: []\n';

describe('allocation config budgets:', () => {
  it('reads each budget with its owner, export and reader options', () => {
    const text = `${RULES}budgets:\n  ml-platform monthly AI spend:\n    owner: ml-platform\n    export: exports/nightly/focus.csv\n    format: focus\n    cost_column: EffectiveCost\n`;

    expect(parseAllocationConfig(text)).toEqual({
      config: {
        rules: [],
        csv_mappings: {},
        budgets: {
          'ml-platform monthly AI spend': {
            owner: 'ml-platform',
            export: 'exports/nightly/focus.csv',
            format: 'focus',
            cost_column: 'EffectiveCost',
          },
        },
      },
      findings: [],
    });
  });

  it.each([
    { name: 'no export', entry: '    owner: ml-platform\n', path: '/budgets/b' },
    {
      name: 'an absolute export',
      entry: '    owner: a\n    export: /etc/x.csv\n',
      path: '/budgets/b/export',
    },
    {
      name: 'an export that climbs out',
      entry: '    owner: a\n    export: x/../../y.csv\n',
      path: '/budgets/b/export',
    },
    {
      name: 'the unallocated owner',
      entry: '    owner: unallocated\n    export: x.csv\n',
      path: '/budgets/b/owner',
    },
    {
      name: 'an unknown format',
      entry: '    owner: a\n    export: x.csv\n    format: xls\n',
      path: '/budgets/b/format',
    },
  ])('rejects a budget with $name at $path', ({ entry, path }) => {
    const { findings } = parseAllocationConfig(`${RULES}budgets:\n  b:\n${entry}`);

    expect(findings.map((f) => [f.code, f.field])).toContainEqual(['ALLOCATION_SCHEMA', path]);
  });
});
