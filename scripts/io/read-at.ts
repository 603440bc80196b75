/**
 * Part of a file, read with blocking calls: for the few small reads a run makes before it has
 * anything to wait for (the cache's sections, git's pack indexes and entries).
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** Up to `length` bytes of `file` from `position` (fewer at its end). */
export function readAt(file: string, position: number, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    return readFrom(fd, position, length);
  } finally {
    closeSync(fd);
  }
}

/**
 * Files opened once for several reads and closed together: a pack's index and data are read a
 * few times for each object, and opening them each time cost more than the reads.
 */
export class OpenFiles {
  private readonly open = new Map<string, number>();

  /** Up to `length` bytes of `file` from `position` (fewer at its end). */
  readAt(file: string, position: number, length: number): Buffer {
    let fd = this.open.get(file);
    if (fd === undefined) {
      fd = openSync(file, 'r');
      this.open.set(file, fd);
    }
    return readFrom(fd, position, length);
  }

  close(): void {
    for (const fd of this.open.values()) closeSync(fd);
    this.open.clear();
  }
}

function readFrom(fd: number, position: number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const read = readSync(fd, bytes, filled, length - filled, position + filled);
    if (read === 0) break;
    filled += read;
  }
  return bytes.subarray(0, filled);
}
