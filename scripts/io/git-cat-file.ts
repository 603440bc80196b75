/**
 * Reads many objects in one `git cat-file` process: blob contents with `--batch`, existence
 * with `--batch-check`. One process for the whole audit, never one per packet.
 */
import { spawn } from './child-process.js';

/** Contents of each blob id that exists, as UTF-8 text. */
export async function readBlobs(dir: string, ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (ids.length === 0) return out;
  // --buffer: one flush at the end instead of one per object, several times faster.
  const data = await runBatch(dir, ['cat-file', '--batch', '--buffer'], ids);
  let at = 0;

  while (at < data.length) {
    const nl = data.indexOf(0x0a, at);
    if (nl < 0) break;
    const header = data.subarray(at, nl).toString('utf8').split(' ');
    at = nl + 1;
    if (header[1] === 'missing' || header.length < 3) continue;
    const size = Number(header[2]);
    out.set(header[0]!, data.subarray(at, at + size).toString('utf8'));
    at += size + 1;
  }
  return out;
}

/** The ids among `ids` that name an object present in the repository. */
export async function existingObjects(dir: string, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  if (ids.length === 0) return found;
  const data = await runBatch(dir, ['cat-file', '--batch-check', '--buffer'], ids);
  for (const line of data.toString('utf8').split('\n')) {
    const [id, type] = line.split(' ');
    if (id !== undefined && type !== undefined && type !== 'missing') found.add(id);
  }
  return found;
}

function runBatch(dir: string, args: string[], ids: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    const errors: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => errors.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(chunks));
      else reject(new Error(`git ${args.join(' ')} failed: ${Buffer.concat(errors).toString()}`));
    });
    // Only 40-hex ids go in, so a path or an option can never reach git's stdin.
    child.stdin.end(ids.filter((id) => /^[0-9a-f]{40}$/.test(id)).join('\n') + '\n');
  });
}
