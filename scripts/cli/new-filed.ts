/**
 * Whether a packet already files the cost a new draft would: the same export for the same owner
 * and period. Validation rejects the second as COST_FILED_TWICE once every field is filled in;
 * `packet new` says so before anyone fills in a field.
 */
import path from 'node:path';
import type { Packet } from '../core/packet/packet.js';
import { parsePacketText } from '../core/packet/parse.js';
import { claimsOf } from '../core/packet/validate.js';
import { listPackets, readPacketFiles } from '../io/files.js';

/** The owner's packet that claims `claim` (`owner|start..end|sha256`), if there is one. */
export async function packetClaiming(root: string, owner: string, claim: string) {
  const folder = `packets/${owner}/`;
  const files = (await listPackets(root)).filter((file) => file.startsWith(folder));

  for (const file of await readPacketFiles(root, files)) {
    if (file.problem || path.extname(file.path) !== '.yaml') continue;
    const data = parsePacketText(Buffer.from(file.bytes).toString('utf8')).data;
    if (mayClaim(data) && claimsOf(data).includes(claim)) return file.path;
  }
  return undefined;
}

/** Enough of a packet's shape to work out its claims; a broken packet claims nothing. */
function mayClaim(data: unknown): data is Packet {
  const packet = data as Partial<Packet> | undefined;
  return (
    typeof packet === 'object' &&
    packet !== null &&
    Array.isArray(packet.evidence) &&
    packet.evidence.every((ref) => typeof ref === 'object' && ref !== null)
  );
}
