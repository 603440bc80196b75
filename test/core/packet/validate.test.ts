import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatePackets } from '../../../scripts/core/packet/validate.js';
import { REPO_ROOT } from '../../support/paths.js';

const BASE_PATH = 'packets/ml-platform/EXC-2026-12-02-ML-PLATFORM.yaml';
const base = readFileSync(path.join(REPO_ROOT, BASE_PATH), 'utf8');
const bytes = (text: string) => new TextEncoder().encode(text);

describe('validatePackets', () => {
  it('accepts the shipped example as it stands', () => {
    expect(validatePackets([{ path: BASE_PATH, bytes: bytes(base) }]).findings).toEqual([]);
  });

  it('reports an id used by two files in both of them', () => {
    const copy = 'packets/ml-platform/EXC-2026-12-02-ML-PLATFORM.yml';
    const report = validatePackets([
      { path: BASE_PATH, bytes: bytes(base) },
      { path: copy, bytes: bytes(base) },
    ]);
    const duplicates = report.findings.filter((f) => f.code === 'ID_DUPLICATE');
    expect(duplicates.map((f) => [f.file, f.line])).toEqual([
      [BASE_PATH, 2],
      [copy, 2],
    ]);
  });

  it('refuses a file over the size limit before parsing it', () => {
    const padded = `${base}# ${'x'.repeat(70_000)}\n`;
    const report = validatePackets([{ path: BASE_PATH, bytes: bytes(padded) }]);
    expect(report.findings.map((f) => f.code)).toEqual(['FILE_TOO_LARGE']);
  });

  it('honours a configured size limit', () => {
    const report = validatePackets([{ path: BASE_PATH, bytes: bytes(base) }], {
      maxPacketBytes: 100,
    });
    expect(report.findings.map((f) => f.code)).toEqual(['FILE_TOO_LARGE']);
  });

  it('reports a file the reader could not use as a finding, not a crash', () => {
    const problem = { code: 'FILE_SYMLINK', message: 'is a symbolic link; commit the file' };
    const report = validatePackets([{ path: BASE_PATH, bytes: new Uint8Array(), problem }]);
    expect(report.findings.map((f) => [f.code, f.line])).toEqual([['FILE_SYMLINK', 1]]);
  });

  it('keeps a __proto__ key as data and reports it as an unknown field', () => {
    const text = base.replace('scope:\n', '__proto__:\n  polluted: true\nscope:\n');
    const report = validatePackets([{ path: BASE_PATH, bytes: bytes(text) }]);
    expect(report.findings.map((f) => [f.code, f.field, f.line])).toEqual([
      ['SCHEMA_UNKNOWN_FIELD', '/__proto__', 13],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('warns on a currency it does not know but still checks the figures', () => {
    const text = base.replace('currency: USD', 'currency: XTS');
    const report = validatePackets([{ path: BASE_PATH, bytes: bytes(text) }]);
    expect(report.findings.map((f) => [f.code, f.severity])).toEqual([
      ['CURRENCY_UNKNOWN', 'warning'],
    ]);
    expect(report.errors).toBe(0);
    expect(report.warnings).toBe(1);
  });

  it('reports every schema problem of a file at once', () => {
    const text = base
      .replace('currency: USD', 'currency: usd')
      .replace('packet_status: pending_approval', 'packet_status: open')
      .replace('next_review_date: 2027-01-04\n', '');
    const codes = validatePackets([{ path: BASE_PATH, bytes: bytes(text) }]).findings.map(
      (f) => f.code,
    );
    expect(codes.sort()).toEqual(['SCHEMA_ENUM', 'SCHEMA_PATTERN', 'SCHEMA_REQUIRED']);
  });

  it('reads an unquoted amount from its source text, not a float', () => {
    // 0.1 + 0.2 is 0.30000000000000004 in binary floating point; the packet must still pass.
    const text = base
      .replace("billed_total: '2062.35'", 'billed_total: 1800.30')
      .replace("overage_amount: '262.35'", 'overage_amount: 0.30')
      .replace("overage_pct_above_threshold: '14.58'", 'overage_pct_above_threshold: 0.02')
      .replace("amount: '1450.00'", 'amount: 1800.10')
      .replace("amount: '612.35'", 'amount: 0.20');
    expect(validatePackets([{ path: BASE_PATH, bytes: bytes(text) }]).findings).toEqual([]);
  });

  it('sorts findings by file and position', () => {
    const text = base
      .replace("overage_amount: '262.35'", "overage_amount: '262.36'")
      .replace('next_review_date: 2027-01-04', 'next_review_date: 2026-11-01');
    const lines = validatePackets([{ path: BASE_PATH, bytes: bytes(text) }]).findings.map(
      (f) => f.line,
    );
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(lines).toHaveLength(2);
  });
});
