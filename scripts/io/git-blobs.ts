/** Git blob ids computed from bytes, the way git names file contents. */
import { createHash } from 'node:crypto';

/** The id git gives a blob with these bytes (`git hash-object`). */
export function gitBlobId(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}
