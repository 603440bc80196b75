/**
 * Writes new files into the repository without ever replacing one: each file is written in
 * full to a temporary name beside its target, then hard-linked to the target name, which fails
 * when the name is taken. A crash leaves at most a temporary file, never half a packet.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, constants, link, lstat, mkdir, open, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256File } from './evidence.js';

/**
 * What happened to a target: written now, already there with the same bytes, taken by other
 * bytes, or not written because the source changed while it was being copied.
 */
export type Placed = 'written' | 'reused' | 'exists' | 'changed';

/** Whether a path exists (a dangling symlink counts: its name is taken). */
export async function pathExists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
}

/** Writes `text` at `target` unless something is there already. */
export async function placeText(target: string, text: string): Promise<Placed> {
  return placeWith(target, async (temp) => {
    await writeFile(temp, text, { flag: 'wx' });
    await syncFile(temp);
    return true;
  });
}

/**
 * Copies an export to `target`. When a file is there already it is reused if its bytes hash to
 * `sha256`, and reported as taken otherwise. The copy is hashed before it gets its name, so
 * the file in the repository is the one the figures were computed from.
 */
export async function placeCopy(source: string, target: string, sha256: string): Promise<Placed> {
  if (await pathExists(target)) return (await sameBytes(target, sha256)) ? 'reused' : 'exists';
  const placed = await placeWith(target, async (temp) => {
    await copyFile(source, temp, constants.COPYFILE_EXCL);
    await syncFile(temp);
    return (await sha256File(temp)) === sha256;
  });
  // Someone else put the same name there in the meantime: still fine if it is the same file.
  if (placed === 'exists' && (await sameBytes(target, sha256))) return 'reused';
  return placed;
}

async function sameBytes(file: string, sha256: string): Promise<boolean> {
  const stat = await lstat(file);
  return stat.isFile() && (await sha256File(file)) === sha256;
}

/** Fills a temporary file beside `target`, then gives it the name if `fill` says it is good. */
async function placeWith(
  target: string,
  fill: (temp: string) => Promise<boolean>,
): Promise<Placed> {
  await mkdir(path.dirname(target), { recursive: true });
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    if (!(await fill(temp))) return 'changed';
    await link(temp, target);
    return 'written';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
