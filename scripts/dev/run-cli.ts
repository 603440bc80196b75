import { main } from '../cli/packet.js';
import type { CommandIo } from '../cli/io.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the `packet` command in-process with its own streams and environment. The environment is
 * the caller's alone, but for where the validation cache goes: the one this process was given
 * (each test file has its own), else nowhere, so that runs on temporary repositories leave no
 * cache in the user's folder.
 */
export async function runCli(
  argv: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; isTTY?: boolean },
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = {
    cwd: options.cwd,
    env: { ...cacheSetting(), ...options.env },
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    isTTY: options.isTTY ?? false,
  };
  const code = await main(argv, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

function cacheSetting(): NodeJS.ProcessEnv {
  const folder = process.env.PACKET_CACHE_DIR;
  return folder ? { PACKET_CACHE_DIR: folder } : { PACKET_NO_CACHE: '1' };
}
