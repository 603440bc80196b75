/** Git object ids, computed the way git does, so the stand-in's `sha` fields are real. */
import { createHash } from 'node:crypto';

/** The git blob id of some bytes: sha1 over `blob <length>\0` and the bytes. */
export function gitBlobId(content: string | Uint8Array): string {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const hash = createHash('sha1');
  hash.update(`blob ${bytes.byteLength}\0`);
  hash.update(bytes);
  return hash.digest('hex');
}

/** A stable fake commit id for a label, for tests that name commits (`head-2`). */
export function commitId(label: string): string {
  return createHash('sha1').update(`commit ${label}`).digest('hex');
}
