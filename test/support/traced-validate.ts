/**
 * `packet validate --format json` run from the build, with PACKET_TRACE on: the outcome, and
 * where the run reused results from (the tree index, the cache of files, or none), as the trace
 * line on stderr says.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './paths.js';

const BIN = path.join(REPO_ROOT, 'dist/scripts/cli/packet.cjs');

export type Via = 'the tree index' | 'the cache of files' | 'none';

export function tracedValidate(
  root: string,
  cache: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
) {
  const run = spawnSync(process.execPath, [BIN, 'validate', '--format', 'json', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...env, PACKET_CACHE_DIR: cache, PACKET_TRACE: '1' },
  });
  const via = /reused (?:\d+ from )?(the tree index|the cache of files|none)/.exec(run.stderr)?.[1];
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, via: via as Via | undefined };
}
