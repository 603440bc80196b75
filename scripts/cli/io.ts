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

/** The process's own streams and environment. */
export function processIo(): CommandIo {
  // A reader that stops early (`packet audit | head`) is not an error: writing stops quietly, and
  // the command still finishes its work (a draft half written is worse than no line printed) and
  // exits with its own code (a pipeline with pipefail must still fail on findings).
  const closed = new Set<NodeJS.WriteStream>();
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      closed.add(stream);
    });
  }
  const writer = (stream: NodeJS.WriteStream) => (text: string) => {
    if (!closed.has(stream)) stream.write(`${text}\n`);
  };
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: writer(process.stdout),
    stderr: writer(process.stderr),
    isTTY: process.stdout.isTTY === true,
  };
}
