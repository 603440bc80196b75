import { describe, expect, it } from 'vitest';
import {
  parsePullBody,
  renderPullBody,
  withAlert,
  type AlertRecord,
} from '../../../scripts/core/lifecycle/alert-pull-body.js';

const RECORD: AlertRecord = {
  key: 'gcp:x/2026-10-01/1',
  source: 'gcp',
  budgetName: '@finance see #12 <img src=x> --> [link](http://x)',
  budget: '250',
  currency: 'USD',
  cost: '281.17',
  threshold: '1',
};

const INPUT = {
  owner: 'ml-platform',
  periodStart: '2026-10-01',
  periodEnd: '2026-10-31',
  packetPath: 'packets/ml-platform/EXC-2026-10-20-ML-PLATFORM.yaml',
  draftBlob: 'a'.repeat(40),
  exportPath: 'exports/focus.csv',
  evidencePath: 'packets/ml-platform/evidence/focus.csv',
  todoFields: ['business_justification', 'next_review_date'],
  alerts: [RECORD],
};

describe('alert pull request body', () => {
  it('reads back what it rendered, even with a budget name that tries to close the block', () => {
    const body = renderPullBody(INPUT);

    expect(parsePullBody(body)).toEqual({
      packetPath: INPUT.packetPath,
      draftBlob: INPUT.draftBlob,
      alerts: [RECORD],
    });
  });

  it('escapes alert text: no mention, no reference, no HTML, no link', () => {
    const table = renderPullBody(INPUT)
      .split('\n')
      .find((line) => line.startsWith('| GCP'))!;

    expect(table).toContain('@\u200bfinance');
    expect(table).toContain('#\u200b12');
    expect(table).toContain('&lt;img');
    expect(table).not.toContain('](');
    expect(table).toContain('| 100 % |');
  });

  it.each([
    ['no body', null],
    ['a body a person wrote', 'Please review'],
    ['a block with no packet line', '<!-- exception-packets:alert-draft\ndraft-blob x\n-->'],
  ])('has no state for %s', (_, body) => {
    expect(parsePullBody(body)).toBeUndefined();
  });

  it('drops a damaged alert line and keeps the rest', () => {
    const body = renderPullBody(INPUT).replace('draft-blob', 'alert %E0%A4%A\ndraft-blob');

    expect(parsePullBody(body)?.alerts).toEqual([RECORD]);
  });

  it('lists an alert once however often it repeats', () => {
    const again = withAlert(withAlert([RECORD], { ...RECORD, cost: '300' }), {
      ...RECORD,
      key: 'gcp:x/2026-10-01/1.5',
    });

    expect(again.map((a) => a.key)).toEqual(['gcp:x/2026-10-01/1', 'gcp:x/2026-10-01/1.5']);
  });
});
