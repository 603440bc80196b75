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
  // A reader that stops early (`packet audit | head`) is not an error: stop writing quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(process.exitCode ?? 0);
    });
  }
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
    isTTY: process.stdout.isTTY === true,
  };
}
