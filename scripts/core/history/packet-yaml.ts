/**
 * Reads packet YAML the way the rest of the product does: YAML 1.2 with the core schema, so
 * `no`, `0x10` and `1_000` stay what they look like.
 */
import { parseDocument, type Document } from 'yaml';

/**
 * Parses packet text into an editable document; errors stay on `doc.errors`. The recorder needs
 * the Document itself (to edit in place), which `packet/parse.ts` does not return, so this uses
 * the same YAML options without the position maps the validator builds.
 */
export function parsePacketDocument(text: string): Document {
  return parseDocument(text, { version: '1.2', schema: 'core', merge: false, strict: true });
}

/** Plain data of packet text, or undefined when the text is not a readable YAML mapping. */
export function readPacketData(text: string): Record<string, unknown> | undefined {
  const doc = parsePacketDocument(text);
  if (doc.errors.length > 0) return undefined;
  // Packets from history were not all validated: too many aliases throws, and means unreadable.
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch {
    return undefined;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  return data as Record<string, unknown>;
}
