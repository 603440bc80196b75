import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requestFor, summaryKey } from '../../scripts/core/evidence/facts.js';
import type { Packet } from '../../scripts/core/packet/packet.js';
import { checkEvidence } from '../../scripts/core/packet/rules/check-evidence.js';
import { gatherEvidence, loadAllocation } from '../../scripts/io/evidence.js';
import { EXPORTS, focusSmallPacket, REPO_ROOT } from '../core/evidence/support.js';

const root = mkdtempSync(path.join(tmpdir(), 'evidence-io-'));
const outside = mkdtempSync(path.join(tmpdir(), 'evidence-outside-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const EVIDENCE = 'packets/ml-platform/evidence';
mkdirSync(path.join(root, EVIDENCE), { recursive: true });
mkdirSync(path.join(root, '.github'));
copyFileSync(
  path.join(REPO_ROOT, 'test/fixtures/exports/allocation.yml'),
  path.join(root, '.github/packet-allocation.yml'),
);
copyFileSync(path.join(EXPORTS, 'focus-small.csv'), path.join(root, EVIDENCE, 'focus.csv'));
writeFileSync(path.join(outside, 'secret.csv'), 'BilledCost\n1\n');
symlinkSync(path.join(outside, 'secret.csv'), path.join(root, EVIDENCE, 'escape.csv'));
symlinkSync('focus.csv', path.join(root, EVIDENCE, 'inside-link.csv'));
symlinkSync(path.join(root, 'nothing.csv'), path.join(root, EVIDENCE, 'dangling.csv'));
const sha = createHash('sha256')
  .update(readFileSync(path.join(EXPORTS, 'focus-small.csv')))
  .digest('hex');

function packetCiting(evidencePath: string, hash = sha): Packet {
  return focusSmallPacket(evidencePath, hash);
}

async function gather(evidencePath: string) {
  const { config } = await loadAllocation(root);
  const packet = packetCiting(evidencePath);
  const inputs = [
    { file: 'packets/ml-platform/p.yaml', packet, numberSources: new Map<string, string>() },
  ];
  return { facts: await gatherEvidence(root, inputs, config), packet, inputs };
}

describe('gatherEvidence', () => {
  it('hashes and summarises an export inside the repository', async () => {
    const { facts, packet, inputs } = await gather(`${EVIDENCE}/focus.csv`);
    const found = facts.get(`${EVIDENCE}/focus.csv`)!;
    expect(found.sha256).toBe(sha);
    const summary = found.summaries![summaryKey(requestFor(packet, packet.evidence[0]!))]!;
    expect(summary.total).toBe('294.85500000001');
    expect(checkEvidence(inputs[0]!, { evidence: facts })).toEqual([]);
  });

  it('follows a symlink that stays inside the repository', async () => {
    const { facts } = await gather(`${EVIDENCE}/inside-link.csv`);
    expect(facts.get(`${EVIDENCE}/inside-link.csv`)!.sha256).toBe(sha);
  });

  const REFUSED: [string, string, string][] = [
    ['an absolute path', path.join(outside, 'secret.csv'), 'EVIDENCE_OUTSIDE_REPO'],
    ['a path climbing out', `${EVIDENCE}/../../../../x.csv`, 'EVIDENCE_OUTSIDE_REPO'],
    ['a backslash path', 'packets\\x.csv', 'EVIDENCE_OUTSIDE_REPO'],
    ['a symlink leaving the tree', `${EVIDENCE}/escape.csv`, 'EVIDENCE_OUTSIDE_REPO'],
    ['a dangling symlink', `${EVIDENCE}/dangling.csv`, 'EVIDENCE_MISSING'],
    ['a missing file', `${EVIDENCE}/nope.csv`, 'EVIDENCE_MISSING'],
    ['a folder', EVIDENCE, 'EVIDENCE_NOT_A_FILE'],
    ['a file named with a slash after it', `${EVIDENCE}/focus.csv/`, 'EVIDENCE_MISSING'],
    ['a path through a file', `${EVIDENCE}/focus.csv/inner.csv`, 'EVIDENCE_MISSING'],
  ];

  it.each(REFUSED)('refuses %s as %s', async (_name, evidencePath, code) => {
    const { facts } = await gather(evidencePath);
    const found = facts.get(evidencePath)!;
    expect(found.problem?.code).toBe(code);
    expect(found.sha256).toBeUndefined();
  });

  it('fails the hash when the file is edited by one byte', async () => {
    const file = path.join(root, EVIDENCE, 'edited.csv');
    const bytes = readFileSync(path.join(EXPORTS, 'focus-small.csv'));
    bytes[bytes.indexOf('100.10')] = '2'.charCodeAt(0);
    writeFileSync(file, bytes);
    const { facts, inputs } = await gather(`${EVIDENCE}/edited.csv`);
    const codes = checkEvidence(inputs[0]!, { evidence: facts }).map((f) => f.code);
    expect(codes).toContain('EVIDENCE_HASH_MISMATCH');
    expect(codes).toContain('EVIDENCE_TOTAL_MISMATCH');
  });
});

describe('gatherEvidence on exports that are hard to read', () => {
  const MIB8 = 8 * 1024 * 1024;

  // Read whole from memory up to 8 MiB, streamed past it: the same hash and total either way.
  it.each([
    ['exactly 8 MiB', MIB8],
    ['8 MiB and one byte', MIB8 + 1],
  ])('hashes and totals an export of %s', async (_name, size) => {
    const bytes = readFileSync(path.join(EXPORTS, 'focus-small.csv'));
    const padded = Buffer.concat([bytes, Buffer.alloc(size - bytes.length, '\n')]);
    const file = `${EVIDENCE}/padded-${size}.csv`;
    writeFileSync(path.join(root, file), padded);
    const { facts, packet } = await gather(file);
    const found = facts.get(file)!;
    expect(found.sha256).toBe(createHash('sha256').update(padded).digest('hex'));
    const summary = found.summaries![summaryKey(requestFor(packet, packet.evidence[0]!))]!;
    expect(summary.total).toBe('294.85500000001');
  });

  it('hashes an empty export', async () => {
    writeFileSync(path.join(root, EVIDENCE, 'empty.csv'), '');
    const { facts } = await gather(`${EVIDENCE}/empty.csv`);
    expect(facts.get(`${EVIDENCE}/empty.csv`)!.sha256).toBe(
      createHash('sha256').update('').digest('hex'),
    );
  });

  // Root reads any file, so permissions can only be tested as another user (as CI runs).
  const asRoot = process.getuid?.() === 0;
  if (asRoot) console.log('skipped: an unreadable export cannot be made while running as root');
  it.skipIf(asRoot)('reports an unreadable export as a finding, not a crashed run', async () => {
    const file = `${EVIDENCE}/unreadable.csv`;
    copyFileSync(path.join(EXPORTS, 'focus-small.csv'), path.join(root, file));
    chmodSync(path.join(root, file), 0o000);
    const { facts } = await gather(file);
    expect(facts.get(file)!.problem).toEqual({
      code: 'EVIDENCE_MISSING',
      message: `${file} cannot be read (unreadable); make it readable or commit the export itself`,
    });
    // So that a validation result built on it is never reused once the file is readable.
    expect(facts.get(file)!.unreadable).toBe(true);
  });
});
