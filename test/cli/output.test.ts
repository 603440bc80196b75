/**
 * The built command writes its output straight to the standard descriptors (scripts/cli/io.ts):
 * to a pipe, a file and a pipe another process made non-blocking, every byte arrives, in order.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, constants, existsSync, openSync, readFileSync } from 'node:fs';
import { Socket } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatePacketRepository } from '../../bench/generate-packets.js';
import { REPO_ROOT } from '../support/paths.js';
import { copyOfExamples, tempDir } from '../support/temp-dir.js';

const BIN = path.join(REPO_ROOT, 'dist/scripts/cli/packet.cjs');
const ENV = { ...process.env, PACKET_NO_CACHE: '1' };

/** `packet validate --format json` in `root`, read from a pipe. */
function reportThroughPipe(root: string) {
  return spawnSync(process.execPath, [BIN, 'validate', '--format', 'json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: ENV,
  });
}

/** A repository whose JSON report is several times what a pipe holds (64 KiB on Linux). */
function largeReport(): string {
  const root = copyOfExamples();
  generatePacketRepository(root, 1500);
  return root;
}

describe('the command output', () => {
  it('arrives whole in a file, as in a pipe', () => {
    const root = largeReport();
    const piped = reportThroughPipe(root);
    const file = path.join(tempDir(), 'out.json');
    const fd = openSync(file, 'w');
    const written = spawnSync(process.execPath, [BIN, 'validate', '--format', 'json'], {
      cwd: root,
      stdio: ['ignore', fd, 'pipe'],
      env: ENV,
    });
    closeSync(fd);

    expect(piped.stdout.length).toBeGreaterThan(128 * 1024);
    expect(JSON.parse(piped.stdout).summary).toMatchObject({ packets: 1503 });
    expect([written.status, readFileSync(file, 'utf8')]).toEqual([piped.status, piped.stdout]);
  });

  it('arrives whole through a pipe made non-blocking that fills before it is read', async () => {
    const root = largeReport();
    const expected = reportThroughPipe(root);
    const fifo = path.join(tempDir(), 'out');
    execFileSync('mkfifo', [fifo]);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    // The command's descriptor shares this non-blocking state: a write to a full pipe fails
    // at once (EAGAIN) rather than waiting for the reader.
    const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);

    const child = spawn(process.execPath, [BIN, 'validate', '--format', 'json'], {
      cwd: root,
      stdio: ['ignore', writer, 'pipe'],
      env: ENV,
    });
    closeSync(writer);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Read only once the pipe has long been full.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const chunks: Buffer[] = [];
    const stream = new Socket({ fd: reader, readable: true, writable: false });
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    const [code] = await Promise.all([
      new Promise((resolve) => child.on('close', resolve)),
      new Promise((resolve) => stream.on('end', resolve)),
    ]);

    expect(stderr).toBe('');
    expect(code).toBe(expected.status);
    expect(expected.stdout.length).toBeGreaterThan(128 * 1024);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(expected.stdout);
  });

  it('is the same when stderr leads to a reader that has gone, trace and all', async () => {
    const root = copyOfExamples();
    const child = spawn(process.execPath, [BIN, 'validate'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...ENV, PACKET_TRACE: '1' },
    });
    // Gone long before the command writes its first trace line.
    child.stderr.destroy();
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise((resolve) => child.on('close', resolve));

    expect([code, stdout]).toEqual([0, '3 packets, 3 valid, 0 errors\n']);
  });

  it.skipIf(!existsSync('/dev/full'))('ends as a usage error when stderr cannot be written', () => {
    const full = openSync('/dev/full', 'w');
    const run = spawnSync(process.execPath, [BIN, 'no-such-command'], {
      stdio: ['ignore', 'pipe', full],
      env: ENV,
    });
    closeSync(full);

    expect(run.status).toBe(2);
  });
});
