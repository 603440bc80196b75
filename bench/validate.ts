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
import { measure, measureTogether, type Measurement } from './measure.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PACKET_BIN = path.join(ROOT, 'dist/scripts/cli/packet.cjs');
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

    const cold = measure(
      'packet validate, cold, all rules but exports',
      [node, PACKET_BIN, 'validate', '--skip-exports'],
      { cwd: repo, runs: RUNS, before: clearCache, env },
    );
    const coldExports = measure(
      'packet validate, cold, with exports re-summed',
      [node, PACKET_BIN, 'validate'],
      { cwd: repo, runs: Math.min(RUNS, 3), before: clearCache, env },
    );
    const prMode = [node, PACKET_BIN, 'validate', '--skip-exports', '--ref', 'HEAD'];
    // The warm runs and the floors they are held against take turns, run after run.
    const [pr, prPlain, workTree, startNode, bundled, modules, schemaAlone, ajvLoad] =
      measureTogether(
        [
          {
            label: `packet validate, PR mode: ${changed.length} changed in a commit, warm (--ref HEAD)`,
            command: prMode,
            before: pullRequest,
          },
          {
            label: 'the same, code cache switched off (PACKET_CODE_CACHE=off)',
            command: prMode,
            before: pullRequest,
            env: { PACKET_CODE_CACHE: 'off' },
          },
          {
            label: `packet validate, work tree: ${changed.length} edited, not committed, warm`,
            command: [node, PACKET_BIN, 'validate', '--skip-exports'],
            before: editedOnDisk,
          },
          { label: 'floor: start Node', command: [node, '-e', '0'] },
          {
            label: 'floor: start Node, load the validator (parser, schema, rules), bundled',
            command: [node, LOAD_FLOOR],
          },
          {
            label: 'floor: start Node, load the validator (parser, schema, rules), as modules',
            command: [node, MODULES_FLOOR],
          },
          {
            label: 'floor: start Node, load the precompiled schema alone',
            command: [node, SCHEMA_FLOOR],
          },
          {
            label: 'for scale: start Node, import ajv and yaml, compile the schema',
            command: [node, AJV_LOAD],
          },
        ],
        { cwd: repo, runs: RUNS, env },
      );
    const ajv = measure(
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
    );
    const readParse = measure('floor: read and parse every file (yaml)', [node, FLOOR, 'packets'], {
      cwd: repo,
      runs: RUNS,
    });

    const rows = { cold, coldExports, pr, prPlain, workTree, ajv, readParse };
    const floors = { startNode, bundled, modules, schemaAlone, ajvLoad };
    print(size, rows, floors);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

type Rows = Record<
  'cold' | 'coldExports' | 'pr' | 'prPlain' | 'workTree' | 'ajv' | 'readParse',
  Measurement
>;
type Floors = Record<'startNode' | 'bundled' | 'modules' | 'schemaAlone' | 'ajvLoad', Measurement>;

function print(size: number, rows: Rows, floors: Floors): void {
  const all = [...Object.values(rows), ...Object.values(floors)];
  const table = [
    ['run', 'median ms', 'peak MB', 'vs ajv-cli', 'vs read+parse'],
    ...all.map((row) => [
      row.label,
      row.medianMs.toFixed(0),
      row.peakMb === undefined ? 'n/a' : row.peakMb.toFixed(0),
      (row.medianMs / rows.ajv.medianMs).toFixed(2),
      (row.medianMs / rows.readParse.medianMs).toFixed(2),
    ]),
  ];
  const over = (run: Measurement, floor: Measurement) =>
    `${(run.medianMs / floor.medianMs).toFixed(2)}x`;
  const runs = rows.cold.runs;
  console.log(
    `\n## packet validate, ${size} packets (median of ${runs} run${runs === 1 ? '' : 's'})\n`,
  );
  console.log(markdownTable(table, { align: ['l', 'r', 'r', 'r', 'r'] }));
  const against = [
    [floors.bundled, 'start Node, load the validator bundled'],
    [floors.modules, 'start Node, load the validator as compiled modules'],
    [floors.schemaAlone, 'start Node, load the precompiled schema alone'],
    [floors.ajvLoad, 'start Node, import ajv and yaml, compile the schema'],
  ] as const;
  console.log('\nTime over each start-and-load floor (measured in turn with the runs):\n');
  console.log(
    markdownTable(
      [
        ['floor', 'PR mode', 'PR mode, no code cache', 'work tree'],
        ...against.map(([floor, what]) => [
          what,
          over(rows.pr, floor),
          over(rows.prPlain, floor),
          over(rows.workTree, floor),
        ]),
      ],
      { align: ['l', 'r', 'r', 'r'] },
    ),
  );
  console.log(
    "\nColumns: wall time and peak memory of each command, then its time over ajv-cli's and over" +
      '\nthe read-and-parse floor. That floor parses with the full YAML library; packet validate' +
      '\nreads plain packets with its own exact reader, so it can beat the floor. PR mode checks' +
      "\nthe pull request's commit, read from git's object files. The work-tree run checks the" +
      '\ndisk: git compares every file there with its index. The command starts through a code' +
      '\ncache the build trains; the floors load their code as Node does, with none.',
  );
}
