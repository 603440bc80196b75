/**
 * Helpers for the adversarial suite: a valid packet to mutate, and the validator run on bytes
 * the way every reader runs it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../scripts/core/packet/finding.js';
import { validatePackets } from '../../scripts/core/packet/validate.js';
import { REPO_ROOT } from '../support/paths.js';

/** A shipped example packet, valid on its own (no evidence loaded). */
export const VALID_PATH = 'packets/ml-platform/EXC-2026-12-02-ML-PLATFORM.yaml';
export const VALID_TEXT = readFileSync(path.join(REPO_ROOT, VALID_PATH), 'utf8');

/** Findings for one packet file given as text or bytes, at the example's path. */
export function findingsFor(content: string | Uint8Array, file = VALID_PATH): Finding[] {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return validatePackets([{ path: file, bytes }]).findings;
}

/** `CODE@line` of each finding, for compact exact assertions. */
export function codesAt(findings: readonly Finding[]): string[] {
  return findings.map((finding) => `${finding.code}@${finding.line}`);
}

/** The example with the first line matching `from` replaced by `to` (which must exist). */
export function replaceLine(from: RegExp, to: string, text = VALID_TEXT): string {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => from.test(line));
  if (index < 0) throw new Error(`no line matches ${String(from)}`);
  lines[index] = to;
  return lines.join('\n');
}

/** The 1-based line of the first line matching `pattern` in the example. */
export function lineOf(pattern: RegExp, text = VALID_TEXT): number {
  const index = text.split('\n').findIndex((line) => pattern.test(line));
  if (index < 0) throw new Error(`no line matches ${String(pattern)}`);
  return index + 1;
}

/** The example with a top-level field (its line and the indented lines under it) replaced. */
export function replaceField(from: RegExp, to: string, text = VALID_TEXT): string {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => from.test(line));
  if (index < 0) throw new Error(`no line matches ${String(from)}`);
  let end = index + 1;
  while (end < lines.length && /^\s+\S/.test(lines[end] ?? '')) end += 1;
  lines.splice(index, end - index, to);
  return lines.join('\n');
}
