import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllocationConfig } from '../../../scripts/core/evidence/allocation-config.js';
import { EMPTY_ALLOCATION } from '../../../scripts/core/evidence/allocation.js';
import { detectFormat } from '../../../scripts/core/evidence/detect-format.js';
import { EXPORTS } from './support.js';

const allocation = parseAllocationConfig(
  readFileSync(path.join(EXPORTS, 'allocation.yml'), 'utf8'),
).config;

describe('detectFormat', () => {
  it.each([
    ['focus-small.csv', 'focus', undefined],
    ['openai-costs.json', 'openai', undefined],
    ['openai-dashboard.csv', 'openai-csv', undefined],
    ['anthropic-cost-report.json', 'anthropic', undefined],
    ['cometapi-usage.csv', 'csv', 'cometapi'],
  ])('tells %s is %s', async (file, format, mapping) => {
    const found = await detectFormat(readFileSync(path.join(EXPORTS, file), 'utf8'), allocation);
    expect('format' in found && [found.format, found.mapping]).toEqual([format, mapping]);
  });

  it('tells an Azure EA actual cost export by Cost and Date', async () => {
    const text = '\uFEFFBillingAccountId,Date,Cost,BillingCurrency,Tags\n1,09/04/2023,0.1,USD,\n';
    expect(await detectFormat(text, allocation)).toMatchObject({ format: 'azure-ea' });
  });

  it('reads only the header, so a head cut inside a quoted cell still detects', async () => {
    const text = readFileSync(path.join(EXPORTS, 'focus-small.csv'), 'utf8');
    const cut = text.slice(0, text.indexOf('Batch embeddings') + 5);
    expect(await detectFormat(cut, allocation)).toMatchObject({ format: 'focus' });
  });

  it.each([
    {
      name: 'a mapped CSV without its mapping',
      text: 'created_at,token_name,quota_cost_usd\n',
      config: EMPTY_ALLOCATION,
      code: 'EXPORT_FORMAT_UNKNOWN',
    },
    {
      name: 'JSON of another shape',
      text: '{"rows": []}',
      config: allocation,
      code: 'EXPORT_FORMAT_UNKNOWN',
    },
    {
      name: 'one column of text',
      text: 'hello\nworld\n',
      config: allocation,
      code: 'EXPORT_FORMAT_UNKNOWN',
    },
    { name: 'an empty file', text: '', config: allocation, code: 'EXPORT_FORMAT_UNKNOWN' },
    {
      name: 'a header two mappings fit',
      text: 'created_at,token_name,model_name,quota_cost_usd\n',
      config: {
        ...allocation,
        csv_mappings: {
          a: allocation.csv_mappings.cometapi!,
          b: allocation.csv_mappings.cometapi!,
        },
      },
      code: 'EXPORT_FORMAT_AMBIGUOUS',
    },
  ])('says so for $name', async ({ text, config, code }) => {
    expect(await detectFormat(text, config)).toMatchObject({ code });
  });
});
