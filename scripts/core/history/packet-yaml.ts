/**
 * Reads packet YAML the way the rest of the product does: YAML 1.2 with the core schema, so
 * `no`, `0x10` and `1_000` stay what they look like.
 */
import { parseDocument, type Document } from 'yaml';

// TODO: use the shared parser in scripts/core/packet/parse.ts once it exists.
/** Parses packet text into an editable document; errors stay on `doc.errors`. */
export function parsePacketDocument(text: string): Document {
  return parseDocument(text, { version: '1.2', schema: 'core', keepSourceTokens: false });
}

/** Plain data of packet text, or undefined when the text is not a readable YAML mapping. */
export function readPacketData(text: string): Record<string, unknown> | undefined {
  const doc = parsePacketDocument(text);
  if (doc.errors.length > 0) return undefined;
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  return data as Record<string, unknown>;
}
