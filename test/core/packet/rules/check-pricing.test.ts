import { describe, expect, it } from 'vitest';
import { findingsFor, VALID_TEXT } from '../../../adversarial/support.js';

const JUSTIFICATION = 'will not recur this quarter.';

/** The example packet with `sentence` added to its business justification. */
function justifiedWith(sentence: string): string {
  return VALID_TEXT.replace(JUSTIFICATION, `${JUSTIFICATION} ${sentence}`);
}

function unsourced(text: string): string[] {
  return findingsFor(text)
    .filter((finding) => finding.code === 'PRICING_UNSOURCED')
    .map((finding) => finding.message.match(/\(kind (\w+)\)/)?.[1] ?? '?');
}

describe('a packet that states prices, limits or models', () => {
  it.each([
    ['the rate was $2.50 per 1M tokens', 'unit_price'],
    ['input costs €0.40 / 1k tokens', 'unit_price'],
    ['priced at £3 per million', 'unit_price'],
    ['at 12 cents per request', 'unit_price'],
    ['billed 0.002 USD  per image', 'unit_price'],
    ['billed $2.50      per 1M tokens, spaces and all', 'unit_price'],
    ['the account is held to 10,000 RPM', 'rate_limit'],
    ['capped at 500 requests per minute', 'rate_limit'],
    ['moved to gpt-4o-mini for drafts', 'model'],
    ['traffic shifted to Claude-Sonnet-4', 'model'],
    ['embeddings from text-embedding-3-large', 'model'],
    ['o1-preview ran the evaluations', 'model'],
    ['BILLED 0.002 USD PER IMAGE', 'unit_price'],
    ['HELD TO 90,000 TPM', 'rate_limit'],
    ['THE O3-MINI MODEL', 'model'],
  ])('names what is unsourced in "%s"', (sentence, kind) => {
    expect(unsourced(justifiedWith(sentence))).toEqual([kind]);
  });

  it.each([
    'spend rose 40% over 3 days',
    'the per-token price stayed the same',
    'gpt was not used; claude was not either',
    'o1 rings were replaced',
  ])('finds nothing to source in "%s"', (sentence) => {
    expect(unsourced(justifiedWith(sentence))).toEqual([]);
  });

  it('is satisfied by a pricing reference of the same kind', () => {
    const text = justifiedWith('moved to gpt-4o-mini for drafts').replace(
      'allocation_owner: ml-platform',
      [
        'pricing_references:',
        '  - kind: model',
        '    item: Draft model',
        '    value: gpt-4o-mini',
        '    source: provider model list',
        '    accessed: 2026-11-20',
        'allocation_owner: ml-platform',
      ].join('\n'),
    );

    const findings = findingsFor(text).filter((finding) => finding.code.startsWith('PRICING'));

    expect(findings).toEqual([]);
  });

  it('says a reference verified outside the review period is stale', () => {
    const text = VALID_TEXT.replace(
      'allocation_owner: ml-platform',
      [
        'pricing_references:',
        '  - kind: unit_price',
        '    item: Input tokens, per million',
        '    value: 2.50 USD',
        '    source: provider price list',
        '    accessed: 2026-10-31',
        'allocation_owner: ml-platform',
      ].join('\n'),
    );

    const stale = findingsFor(text).filter((finding) => finding.code === 'PRICING_STALE');

    expect(stale.map((finding) => finding.field)).toEqual(['/pricing_references/0/accessed']);
    expect(stale[0]?.message).toContain('outside the review period 2026-11-01..2026-11-30');
  });
});
