import { fstatSync, writeSync } from 'node:fs';

/**
 * What a command may touch, passed in so tests run commands in-process with their own streams.
 */
export interface CommandIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal (colour and progress lines only then). */
  isTTY: boolean;
}

/** Exit codes every command shares. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** Colour only on a terminal, and never when NO_COLOR is set to anything. */
export function useColour(io: CommandIo): boolean {
  return io.isTTY && io.env.NO_COLOR === undefined && io.env.TERM !== 'dumb';
}

/** The process's own output and environment, and a wait for the output to be out. */
export function processIo(): CommandIo & { flushed(): Promise<void> } {
  const stdout = directWriter(1, () => process.stdout);
  const stderr = directWriter(2, () => process.stderr);
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => stdout.write(`${text}\n`),
    stderr: (text) => stderr.write(`${text}\n`),
    isTTY: isTerminal(1),
    flushed: async () => {
      await Promise.all([stdout.flushed(), stderr.flushed()]);
    },
  };
}

/**
 * Whether a descriptor is a terminal. Node's tty module, which tells, loads its sockets and
 * streams (see directWriter): it is asked only about a character device, never a pipe or a file.
 */
function isTerminal(fd: number): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return process.getBuiltinModule('node:tty').isatty(fd);
}

/**
 * Writes straight to a standard descriptor. Node's stream for a pipe (how CI and scripts read a
 * command) takes longer to set up than a pull request's whole check of its packets, and Node
 * writes pipes and files synchronously all the same. Should a write not go through at once (a
 * descriptor another process made non-blocking, with a full pipe), Node's stream, which waits,
 * takes that write and every later one, in order.
 *
 * A reader that stops early (`packet audit | head`) is not an error: writing stops quietly, and
 * the command still finishes its work (a draft half written is worse than no line printed) and
 * exits with its own code (a pipeline with pipefail must still fail on findings).
 */
function directWriter(fd: number, stream: () => NodeJS.WriteStream) {
  let closed = false;
  let viaStream: NodeJS.WriteStream | undefined;
  const toStream = () => {
    const opened = stream();
    opened.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      closed = true;
    });
    return opened;
  };

  const write = (text: string) => {
    if (closed) return;
    if (viaStream) {
      viaStream.write(text);
      return;
    }
    let bytes = Buffer.from(text);
    while (bytes.length > 0) {
      try {
        bytes = bytes.subarray(writeSync(fd, bytes));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') {
          closed = true;
          return;
        }
        if (code !== 'EAGAIN') throw error;
        viaStream = toStream();
        viaStream.write(bytes);
        return;
      }
    }
  };
  const flushed = () =>
    new Promise<void>((resolve) => {
      if (!viaStream || viaStream.destroyed || !viaStream.writable) resolve();
      else viaStream.write('', () => resolve());
    });
  return { write, flushed };
}
