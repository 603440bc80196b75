import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatePackets } from '../../../scripts/core/packet/validate.js';
import { FIXTURES } from '../../support/paths.js';

/**
 * Every file in test/fixtures/invalid names what it must produce: `CODE.L<line>[+CODE.L<line>].
 * <slug>.yaml`. An optional `# path:` comment says where in a repository the file stands.
 */
const INVALID = path.join(FIXTURES, 'invalid');
const VALID = path.join(FIXTURES, 'valid');
const DEFAULT_PATH = 'packets/ml-platform/EXC-2026-11-03-ML-PLATFORM.yaml';

function expectationsOf(name: string): { code: string; line: number }[] {
  const head = name.split('.').slice(0, -2).join('.');
  return head.split('+').map((part) => {
    const match = /^([A-Z0-9_]+)\.L(\d+)$/.exec(part);
    if (!match) throw new Error(`fixture ${name} does not name CODE.L<line>`);
    return { code: match[1]!, line: Number(match[2]) };
  });
}

function repositoryPath(bytes: Buffer): string {
  const header = /^# path: (\S+)$/m.exec(bytes.toString('latin1'));
  return header?.[1] ?? DEFAULT_PATH;
}

describe('invalid packet fixtures', () => {
  const names = readdirSync(INVALID).sort();

  it('cover every rule and pitfall (at least 50 files)', () => {
    expect(names.length).toBeGreaterThanOrEqual(50);
  });

  it.each(names)('%s produces exactly the codes and lines it names', (name) => {
    const bytes = readFileSync(path.join(INVALID, name));
    const expected = expectationsOf(name);

    const report = validatePackets([{ path: repositoryPath(bytes), bytes }]);
    const errors = report.findings.filter((finding) => finding.severity === 'error');

    for (const { code, line } of expected) {
      expect(errors.map((e) => `${e.code}@${e.line}`)).toContain(`${code}@${line}`);
    }
    const allowed = new Set(expected.map((e) => e.code));
    expect(errors.filter((e) => !allowed.has(e.code))).toEqual([]);
    for (const finding of errors) {
      expect(finding.message.length).toBeGreaterThan(10);
      expect(finding.column).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('valid packet variants', () => {
  it.each(readdirSync(VALID).sort())('%s is accepted with no findings', (name) => {
    const bytes = readFileSync(path.join(VALID, name));
    const report = validatePackets([{ path: DEFAULT_PATH, bytes }]);
    expect(report.findings).toEqual([]);
  });
});

describe('segments that do not add up to billed_total', () => {
  const name = 'SEGMENTS_TOTAL_MISMATCH.L20.segments-do-not-add-up.yaml';
  const text = readFileSync(path.join(INVALID, name), 'utf8');
  const messageFor = (packet: string) =>
    validatePackets([{ path: DEFAULT_PATH, bytes: Buffer.from(packet) }]).findings.find(
      (finding) => finding.code === 'SEGMENTS_TOTAL_MISMATCH',
    )?.message;

  it('say by how much, which way, and that the segments are what to change', () => {
    expect(messageFor(text)).toBe(
      'the 2 segment amounts add up to 2062.30, 0.05 short of billed_total 2062.35; change the ' +
        'segment amounts so that every cost of the export is in exactly one segment',
    );
    expect(messageFor(text.replace("amount: '612.30'", "amount: '612.45'"))).toContain(
      'add up to 2062.45, 0.10 over billed_total 2062.35;',
    );
  });
});
