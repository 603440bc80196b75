/**
 * Runs a command several times and reports the median wall time and the largest peak memory.
 * Peak memory comes from GNU time when the machine has it (`/usr/bin/time -f %M`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface Measurement {
  label: string;
  medianMs: number;
  peakMb: number | undefined;
  runs: number;
}

const GNU_TIME = '/usr/bin/time';

export function measure(
  label: string,
  command: string[],
  options: { cwd: string; runs: number; before?: () => void; env?: NodeJS.ProcessEnv },
): Measurement {
  const times: number[] = [];
  let peak: number | undefined;
  for (let run = 0; run < options.runs; run++) {
    options.before?.();
    const useTime = existsSync(GNU_TIME);
    const argv = useTime ? [GNU_TIME, '-f', '%M', ...command] : command;
    const start = performance.now();
    const result = spawnSync(argv[0]!, argv.slice(1), {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    times.push(performance.now() - start);
    if (result.error) throw result.error;
    if (useTime) {
      const kb = Number(result.stderr.trim().split('\n').at(-1));
      if (Number.isFinite(kb)) peak = Math.max(peak ?? 0, kb / 1024);
    }
  }
  times.sort((a, b) => a - b);
  return {
    label,
    medianMs: times[Math.floor(times.length / 2)]!,
    peakMb: peak,
    runs: options.runs,
  };
}
