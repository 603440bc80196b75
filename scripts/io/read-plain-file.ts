/**
 * Reads a file only if it is a plain file, deciding from the open descriptor rather than from a
 * stat of the path beforehand: O_NOFOLLOW refuses a link (ELOOP) without following it, and
 * O_NONBLOCK keeps a FIFO from blocking the open. One open, one stat, one read.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * Every byte of `file`, or undefined when it is not a regular file (a FIFO, a device, a folder)
 * or is larger than `maxBytes`. A failed open is thrown as it is, for the caller to say what it
 * means (ELOOP: a link; ENOENT: removed; EACCES: unreadable).
 */
export function readPlainFile(file: string, maxBytes = Infinity): Uint8Array | undefined {
  const fd = openSync(file, OPEN_FLAGS);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.size > maxBytes) return undefined;
    return readAll(fd, stats.size);
  } finally {
    closeSync(fd);
  }
}

/** Every byte of an open file whose size is known (a file that grows meanwhile reads on). */
function readAll(fd: number, size: number): Uint8Array {
  // One byte more than the size, so the read that finds the end needs no larger buffer.
  let buffer = Buffer.allocUnsafe(size + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      buffer = Buffer.concat([buffer, Buffer.allocUnsafe(buffer.length)]);
    }
    const read = readSync(fd, buffer, length, buffer.length - length, null);
    if (read === 0) return buffer.subarray(0, length);
    length += read;
  }
}
