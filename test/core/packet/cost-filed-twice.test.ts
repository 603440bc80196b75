import { describe, expect, it } from 'vitest';
import { buildReport, type FileOutcome } from '../../../scripts/core/packet/report.js';
import { validateFile } from '../../../scripts/core/packet/validate.js';
import { VALID_TEXT } from '../../adversarial/support.js';

const encode = (text: string) => new TextEncoder().encode(text);

/** The outcome of one packet file, as a run keeps it. */
function outcome(path: string, text: string): FileOutcome {
  const result = validateFile({ path, bytes: encode(text) });
  const kept: FileOutcome = { path: result.path, findings: result.findings };
  if (result.id) kept.id = result.id;
  if (result.claims) kept.claims = result.claims;
  return kept;
}

const withLine = (text: string, from: RegExp, to: string) =>
  text
    .split('\n')
    .map((line) => (from.test(line) ? to : line))
    .join('\n');
const renamed = (text: string, id: string) =>
  withLine(text, /^exception_packet_id:/, `exception_packet_id: ${id}`);

describe('the same cost filed twice', () => {
  const first = outcome('packets/ml-platform/A.yaml', VALID_TEXT);
  const again = outcome(
    'packets/ml-platform/B.yaml',
    renamed(VALID_TEXT, 'EXC-2026-12-03-ML-PLATFORM'),
  );

  it('is an error in both packets, naming the other', () => {
    const report = buildReport([first, again]);
    const twice = report.findings.filter((f) => f.code === 'COST_FILED_TWICE');

    expect(twice.map((f) => [f.file, f.line])).toEqual([
      ['packets/ml-platform/A.yaml', first.id!.position.line],
      ['packets/ml-platform/B.yaml', again.id!.position.line],
    ]);
    expect(twice[0]!.message).toContain('packets/ml-platform/B.yaml');
    expect(twice[1]!.message).toContain('packets/ml-platform/A.yaml');
  });

  it('is no finding for another period, or after the first filing was denied', () => {
    const later = outcome(
      'packets/ml-platform/C.yaml',
      withLine(
        renamed(VALID_TEXT, 'EXC-2026-12-04-ML-PLATFORM'),
        /^review_period_end:/,
        "review_period_end: '2026-11-29'",
      ),
    );
    expect(buildReport([first, later]).findings.map((f) => f.code)).not.toContain(
      'COST_FILED_TWICE',
    );

    const deniedText = `${withLine(
      withLine(
        withLine(VALID_TEXT, /^packet_status:/, 'packet_status: denied'),
        /^approver_name:/,
        'approver_name: Finance Lead',
      ),
      /^approved_at:/,
      "approved_at: '2026-12-04T10:00:00Z'",
    )}denial_reason: The spend was not agreed with finance before the launch.\n`;
    const denied = outcome('packets/ml-platform/A.yaml', deniedText);
    expect(denied.id).toBeDefined();
    expect(denied.claims).toEqual([]);
    expect(buildReport([denied, again]).findings.map((f) => f.code)).not.toContain(
      'COST_FILED_TWICE',
    );
  });
});
