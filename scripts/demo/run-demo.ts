/**
 * `npm run demo`: the whole cycle on this machine, with no GitHub account and no network. A
 * throwaway repository in a temp folder, the loopback GitHub stand-in, and the real `packet`
 * commands and workflow entry points. Exits 1 when any step does not behave as described.
 */
import { CODE_ROOT } from '../dev/code-root.js';
import { runApprovalCycle } from './approval-cycle.js';
import { DemoFailure } from './expect-step.js';

async function main(): Promise<void> {
  const started = Date.now();
  let n = 0;
  const root = await runApprovalCycle(CODE_ROOT, {
    step: (line) => process.stdout.write(`${String((n += 1)).padStart(2)}. ${line}\n`),
    table: (text) => process.stdout.write(`${indent(text)}\n`),
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`\nThe whole cycle behaved as described (${seconds} s).\n`);
  process.stdout.write(`Temp repository: ${root} (try: git -C ${root}/audit-clone log --stat)\n`);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? '' : `      ${line}`))
    .join('\n');
}

// One place maps failures to the exit code; process.exitCode, never process.exit.
main().catch((error: unknown) => {
  const what = error instanceof DemoFailure ? 'demo step failed' : 'demo could not run';
  process.stderr.write(`${what}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
