/**
 * `npm run bench`: every benchmark, each printing its figures next to its peer or floor.
 * `npm run bench -- --quick` runs small sizes, to show the benchmarks work (CI may use it).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');

const benches: [string, string[]][] = quick
  ? [
      ['validate.js', ['200', '--runs', '1']],
      ['evidence.js', ['20000']],
      ['audit.js', ['--quick']],
    ]
  : [
      ['validate.js', ['1000', '10000', '--runs', '5']],
      ['evidence.js', ['1000000']],
      ['audit.js', ['5000']],
    ];

let failed = false;
for (const [script, args] of benches) {
  console.log(`\n# ${script.replace('.js', '')}\n`);
  const run = spawnSync(process.execPath, [path.join(here, script), ...args], { stdio: 'inherit' });
  if (run.status !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
