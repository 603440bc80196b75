/**
 * Reads packet YAML the way the rest of the product does: YAML 1.2 with the core schema, so
 * `no`, `0x10` and `1_000` stay what they look like. Reading takes the validator's parser (its
 * fast reader for plain block packets first); only the recorder's edits build a yaml Document.
 */
import { parseDocument, type Document } from 'yaml';

import { parsePacketText } from '../packet/parse.js';

/** A packet read for its data: plain objects with a null prototype, numbers with their text. */
export interface PacketRead {
  data: Record<string, unknown>;
  /** Exact source text of each number, by JSON Pointer (`/overage_amount`). */
  numberSources: ReadonlyMap<string, string>;
}

/**
 * Parses packet text into an editable document; errors stay on `doc.errors`. Only the recorder
 * needs the Document itself (to edit in place, keeping comments and layout).
 */
export function parsePacketDocument(text: string): Document {
  return parseDocument(text, { version: '1.2', schema: 'core', merge: false, strict: true });
}

/** The packet's data and number texts, or undefined when it is not a readable YAML mapping. */
export function readPacket(text: string): PacketRead | undefined {
  const parsed = parsePacketText(text);
  if (parsed.problems.length === 0 && isMapping(parsed.data)) {
    return { data: parsed.data, numberSources: parsed.numberSources };
  }

  // Packets from history were not all validated: one the validator refuses (an alias, a tag)
  // is still read as yaml reads it, so the audit reports on it instead of calling it unreadable.
  const doc = parsePacketDocument(text);
  if (doc.errors.length > 0) return undefined;
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch {
    return undefined;
  }
  return isMapping(data) ? { data, numberSources: new Map() } : undefined;
}

/** Plain data of packet text, or undefined when the text is not a readable YAML mapping. */
export function readPacketData(text: string): Record<string, unknown> | undefined {
  return readPacket(text)?.data;
}

/**
 * A top-level scalar as text: a string as it is, a number as written in the file (so money
 * written `234.50` stays `234.50`), anything else empty.
 */
export function scalarText(packet: PacketRead | undefined, key: string): string {
  const value = packet?.data[key];
  if (typeof value === 'string') return value;
  if (typeof value !== 'number') return '';
  return packet?.numberSources.get(`/${key}`) ?? String(value);
}

function isMapping(data: unknown): data is Record<string, unknown> {
  return data !== null && typeof data === 'object' && !Array.isArray(data);
}
