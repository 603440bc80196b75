/**
 * Benchmark: `packet validate` on generated repositories of 1,000 and 10,000 valid packets with
 * evidence, side by side with ajv-cli checking the same files against the packet schema alone
 * (a peer doing far less work), a bare read-and-parse of the same files (the floor), and the
 * floor of starting Node and loading the validator.
 * Usage: `npm run bench` (all benchmarks) or `node dist/bench/validate.js [sizes...] [--runs N]`.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable } from 'markdown-table';
import { generatePacketRepository } from './generate-packets.js';
import { measure, type Measurement } from './measure.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PACKET_BIN = path.join(ROOT, 'dist/scripts/cli/packet.js');
const AJV_BIN = path.join(ROOT, 'node_modules/ajv-cli/dist/index.js');
const FLOOR = path.join(ROOT, 'dist/bench/read-and-parse.js');
const LOAD_FLOOR = path.join(ROOT, 'dist/bench/load-validator.bundled.js');
const MODULES_FLOOR = path.join(ROOT, 'dist/bench/load-validator.js');
const SCHEMA_FLOOR = path.join(ROOT, 'dist/bench/load-schema.js');
const AJV_LOAD = path.join(ROOT, 'dist/bench/load-ajv.js');

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
const SIZES = args.filter((arg, i) => /^\d+$/.test(arg) && args[i - 1] !== '--runs').map(Number);

for (const size of SIZES.length > 0 ? SIZES : [1000, 10000]) benchSize(size);

function benchSize(size: number): void {
  const repo = mkdtempSync(path.join(tmpdir(), `bench-validate-${size}-`));
  try {
    const paths = generatePacketRepository(repo, size);
    cpSync(path.join(ROOT, 'schemas'), path.join(repo, 'schemas'), { recursive: true });
    writeFileSync(path.join(repo, '.gitignore'), 'node_modules/\n.cache/\n');
    const git = (...a: string[]) => execFileSync('git', a, { cwd: repo, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git(
      '-c',
      'user.name=bench',
      '-c',
      'user.email=bench@example.invalid',
      'commit',
      '-qm',
      'packets',
    );

    const cacheDir = path.join(repo, '.cache');
    const env = { PACKET_CACHE_DIR: cacheDir };
    const node = process.execPath;
    const changed = paths.filter((_, i) => i % Math.floor(size / 5) === 0).slice(0, 5);
    const edit = () => {
      for (const file of changed) {
        const full = path.join(repo, file);
        writeFileSync(full, readFileSync(full, 'utf8').replace('seasonal peak', 'seasonal rise'));
      }
    };
    // A pull request: a branch off main whose one commit changes five packets.
    git('checkout', '-q', '-b', 'pull');
    edit();
    git('-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'commit', '-qam', 'pr');
    git('checkout', '-q', 'main');

    const clearCache = () => rmSync(cacheDir, { recursive: true, force: true });
    // Main's run leaves the cache (and its tree index) that the warm runs start from.
    const mainRun = () => {
      git('checkout', '-q', '-f', 'main');
      clearCache();
      execFileSync(node, [PACKET_BIN, 'validate', '--skip-exports'], {
        cwd: repo,
        env: { ...process.env, ...env },
      });
    };
    const pullRequest = () => {
      mainRun();
      git('checkout', '-q', 'pull');
    };
    const editedOnDisk = () => {
      mainRun();
      edit();
    };

    const rows: Measurement[] = [
      measure(
        'packet validate, cold, all rules but exports',
        [node, PACKET_BIN, 'validate', '--skip-exports'],
        { cwd: repo, runs: RUNS, before: clearCache, env },
      ),
      measure('packet validate, cold, with exports re-summed', [node, PACKET_BIN, 'validate'], {
        cwd: repo,
        runs: Math.min(RUNS, 3),
        before: clearCache,
        env,
      }),
      measure(
        `packet validate, PR mode: ${changed.length} changed in a commit, warm (--ref HEAD)`,
        [node, PACKET_BIN, 'validate', '--skip-exports', '--ref', 'HEAD'],
        { cwd: repo, runs: RUNS, before: pullRequest, env },
      ),
      measure(
        `packet validate, work tree: ${changed.length} edited, not committed, warm`,
        [node, PACKET_BIN, 'validate', '--skip-exports'],
        { cwd: repo, runs: RUNS, before: editedOnDisk, env },
      ),
      measure(
        'ajv-cli validate (schema only)',
        [
          node,
          AJV_BIN,
          'validate',
          '--spec=draft2020',
          '-c',
          'ajv-formats',
          '--allow-union-types',
          '-s',
          'schemas/packet.schema.json',
          '-d',
          'packets/**/*.yaml',
        ],
        { cwd: repo, runs: RUNS },
      ),
      measure('floor: read and parse every file (yaml)', [node, FLOOR, 'packets'], {
        cwd: repo,
        runs: RUNS,
      }),
      measure('floor: start Node', [node, '-e', '0'], { cwd: repo, runs: RUNS }),
      measure(
        'floor: start Node, load the validator (parser, schema, rules), bundled as shipped',
        [node, LOAD_FLOOR],
        { cwd: repo, runs: RUNS },
      ),
      measure(
        'floor: start Node, load the validator (parser, schema, rules), as compiled modules',
        [node, MODULES_FLOOR],
        { cwd: repo, runs: RUNS },
      ),
      measure('floor: start Node, load the precompiled schema alone', [node, SCHEMA_FLOOR], {
        cwd: repo,
        runs: RUNS,
      }),
      measure('for scale: start Node, import ajv and yaml, compile the schema', [node, AJV_LOAD], {
        cwd: repo,
        runs: RUNS,
      }),
    ];
    print(size, rows);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

function print(size: number, rows: Measurement[]): void {
  const ajv = rows[4]!.medianMs;
  const floor = rows[5]!.medianMs;
  const table = [
    ['run', 'median ms', 'peak MB', 'vs ajv-cli', 'vs read+parse'],
    ...rows.map((row) => [
      row.label,
      row.medianMs.toFixed(0),
      row.peakMb === undefined ? 'n/a' : row.peakMb.toFixed(0),
      (row.medianMs / ajv).toFixed(2),
      (row.medianMs / floor).toFixed(2),
    ]),
  ];
  const against = (run: number, row: number) =>
    `${(rows[run]!.medianMs / rows[row]!.medianMs).toFixed(2)}x`;
  console.log(
    `\n## packet validate, ${size} packets (median of ${rows[0]!.runs} run${rows[0]!.runs === 1 ? '' : 's'})\n`,
  );
  console.log(markdownTable(table, { align: ['l', 'r', 'r', 'r', 'r'] }));
  const floors = [
    [7, 'start Node, load the validator bundled as shipped'],
    [8, 'start Node, load the validator as compiled modules'],
    [9, 'start Node, load the precompiled schema alone'],
    [10, 'start Node, import ajv and yaml, compile the schema'],
  ] as const;
  console.log('\nTime over each start-and-load floor:\n');
  console.log(
    markdownTable(
      [
        ['floor', 'PR mode', 'work tree'],
        ...floors.map(([row, what]) => [what, against(2, row), against(3, row)]),
      ],
      { align: ['l', 'r', 'r'] },
    ),
  );
  console.log(
    "\nColumns: wall time and peak memory of each command, then its time over ajv-cli's and over" +
      '\nthe read-and-parse floor. That floor parses with the full YAML library; packet validate' +
      '\nreads plain packets with its own exact reader, so it can beat the floor. PR mode checks' +
      "\nthe pull request's commit: git compares two trees. The work-tree run checks the disk: git" +
      '\ncompares every file there with its index.',
  );
}
