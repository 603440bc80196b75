import { main } from '../cli/packet.js';
import type { CommandIo } from '../cli/io.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the `packet` command in-process with its own streams and environment. */
export async function runCli(
  argv: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; isTTY?: boolean },
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = {
    cwd: options.cwd,
    env: options.env ?? {},
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    isTTY: options.isTTY ?? false,
  };
  const code = await main(argv, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
