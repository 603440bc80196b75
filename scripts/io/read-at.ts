/**
 * Part of a file, read with blocking calls: for the few small reads a run makes before it has
 * anything to wait for (the cache's sections, git's pack indexes and entries).
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** Up to `length` bytes of `file` from `position` (fewer at its end). */
export function readAt(file: string, position: number, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const bytes = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const read = readSync(fd, bytes, filled, length - filled, position + filled);
      if (read === 0) break;
      filled += read;
    }
    return bytes.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}
