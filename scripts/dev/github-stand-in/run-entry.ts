/**
 * Runs the compiled entry point as a runner would: a child `node` process with the runner's
 * environment, pointed at the loopback stand-in, with real event, summary and output files.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CODE_ROOT } from '../code-root.js';
import type { GitHubApi } from './server.js';

export const ROOT = CODE_ROOT;
export const ENTRY = path.join(ROOT, 'dist/scripts/action/signoff.js');

export interface EntryRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  summary: string;
  outputs: string;
}

/** Compiles scripts/ to dist/ (incremental, so cheap when nothing changed). */
export async function buildDist(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    execFile('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT }, (error, stdout) =>
      error ? reject(new Error(`build failed: ${stdout}`)) : resolve(),
    );
  });
}

/** Another entry point than the gate's, and what else the runner sets for it. */
export interface EntryOptions {
  entry?: string;
  env?: Record<string, string>;
}

/** Runs the entry for `eventName` with `payload`; resolves when the process exits. */
export async function runEntry(
  api: GitHubApi,
  eventName: string,
  payload: unknown,
  options: EntryOptions = {},
): Promise<EntryRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'signoff-run-'));
  const files = {
    event: path.join(dir, 'event.json'),
    summary: path.join(dir, 'summary.md'),
    output: path.join(dir, 'output.txt'),
  };
  writeFileSync(files.event, JSON.stringify(payload));
  writeFileSync(files.summary, '');
  writeFileSync(files.output, '');

  // Only what a runner sets: nothing of this process's own environment leaks into the run.
  const env = {
    PATH: process.env.PATH ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_REPOSITORY: `${api.state.owner}/${api.state.repo}`,
    GITHUB_API_URL: api.url,
    GITHUB_TOKEN: api.state.token,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_OUTPUT: files.output,
    ...options.env,
  };

  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [options.entry ?? ENTRY],
      { env, cwd: dir },
      (error, stdout, stderr) => {
        const summary = readFileSync(files.summary, 'utf8');
        const outputs = readFileSync(files.output, 'utf8');
        // The run's files are read back; the folder is not left behind in the temp dir.
        rmSync(dir, { recursive: true, force: true });
        resolve({
          exitCode: error ? Number(error.code ?? 1) : 0,
          stdout,
          stderr,
          summary,
          outputs,
        });
      },
    );
  });
}
