import { describe, expect, it } from 'vitest';
import {
  currentForecasts,
  FORECASTS_END,
  FORECASTS_START,
  readForecasts,
  recordForecast,
  withForecasts,
  type ForecastEntry,
} from '../../../scripts/core/lifecycle/forecast-section.js';

const ENTRY: ForecastEntry = {
  key: 'gcp:ai/2026-10-01/forecast-1.2',
  budget: 'AI <b>spend</b> --> |x|',
  owner: 'ml-platform',
  month: '2026-10',
  amount: '250',
  currency: 'USD',
  threshold: '1.2',
  forecast: '300',
  seenOn: '2026-10-20',
};

describe('the forecast section of the reminder issue', () => {
  it('round-trips entries through the body, keeping the text around it', () => {
    const body = withForecasts('<!-- packet-remind -->\nDue: 3', [ENTRY]);
    expect(body.startsWith('<!-- packet-remind -->\nDue: 3\n\n' + FORECASTS_START)).toBe(true);
    expect(body.endsWith(FORECASTS_END)).toBe(true);
    expect(body).toContain('| AI &lt;b&gt;spend&lt;/b&gt; --&gt; \\|x\\| |');
    // Four hidden lines, each ended once: the budget name ends none of them.
    expect(body.split('-->')).toHaveLength(5);
    expect(readForecasts(body)).toEqual([ENTRY]);

    const rewritten = withForecasts('<!-- packet-remind -->\nDue: 0', readForecasts(body));
    expect(readForecasts(rewritten)).toEqual([ENTRY]);
    expect(rewritten).not.toContain('Due: 3');
    expect(withForecasts(body, [])).toBe('<!-- packet-remind -->\nDue: 3');
  });

  it('replaces a repeat of the same alert and keeps other budgets', () => {
    const other = { ...ENTRY, key: 'aws:ops/2026-10-01/forecast-1', owner: 'ops' };
    const entries = recordForecast(recordForecast([ENTRY], other), {
      ...ENTRY,
      seenOn: '2026-10-21',
    });
    expect(entries.map((e) => [e.owner, e.seenOn])).toEqual([
      ['ml-platform', '2026-10-21'],
      ['ops', '2026-10-20'],
    ]);
  });

  it.each([
    ['2026-10-31', 1],
    ['2026-11-30', 1],
    ['2026-12-01', 0],
  ])('on %s lists %i October forecast(s)', (today, count) => {
    expect(currentForecasts([ENTRY], today)).toHaveLength(count);
  });

  it('lists a December forecast through January', () => {
    expect(currentForecasts([{ ...ENTRY, month: '2026-12' }], '2027-01-31')).toHaveLength(1);
  });

  it.each([
    ['no section', 'plain body'],
    ['no data line', `${FORECASTS_START}\n| table |\n${FORECASTS_END}`],
    ['broken JSON', `${FORECASTS_START}\n<!-- packet-forecast-data [{ -->\n${FORECASTS_END}`],
    [
      'an amount that is not a plain decimal',
      `${FORECASTS_START}\n<!-- packet-forecast-data ${JSON.stringify([{ ...ENTRY, forecast: '1e9' }])} -->\n${FORECASTS_END}`,
    ],
    [
      'a field missing',
      `${FORECASTS_START}\n<!-- packet-forecast-data ${JSON.stringify([{ ...ENTRY, owner: 3 }])} -->\n${FORECASTS_END}`,
    ],
  ])('reads nothing from a body with %s', (_name, body) => {
    expect(readForecasts(body)).toEqual([]);
  });
});
