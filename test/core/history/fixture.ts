/** The example packet the history tests share, and helpers to vary it. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Text of the example packet (schema-valid, with comments to keep). */
export const PACKET_TEXT = readFileSync(
  fileURLToPath(new URL('../../fixtures/history/packet.yaml', import.meta.url)),
  'utf8',
);

export const PACKET_ID = 'EXC-2026-11-03-ML-PLATFORM';
export const PACKET_PATH = `packets/ml-platform/${PACKET_ID}.yaml`;
export const EVIDENCE_PATH = 'packets/ml-platform/evidence/openai-costs-2026-10.json';
export const EVIDENCE_TEXT = '{"object":"page","data":[]}\n';

/** The example packet with one top-level scalar replaced. */
export function withField(text: string, key: string, value: string): string {
  const re = new RegExp(`^${key}: .*$`, 'm');
  return re.test(text) ? text.replace(re, `${key}: ${value}`) : `${text}${key}: ${value}\n`;
}
