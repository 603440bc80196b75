/**
 * `packet validate [paths...]`: checks packets against the schema and the finance rules, and
 * the repository's CODEOWNERS and policy, and prints every finding. Exit 0 when nothing is
 * wrong, 1 with findings, 2 for a usage error.
 */
import { lstatSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isCalendarDate } from '../core/calendar.js';
import { UsageError } from '../core/errors.js';
import type { ValidationReport } from '../core/packet/report.js';
import { renderFindingsText, renderSummary } from '../core/render/findings-text.js';
import { isPlainRevision } from '../io/git-at-ref.js';
import { cacheFile, indexedTree } from '../io/result-cache.js';
import { EXIT, useColour, type CommandIo } from './io.js';
import { findRepoRoot } from './repo-root.js';

/**
 * Repository configuration that changes validation results (and so the cache). The attributes
 * count because they decide the bytes a checkout writes for a blob.
 */
const CONFIG_FILES = [
  '.github/packet-allocation.yml',
  '.github/packet-policy.yml',
  '.github/CODEOWNERS',
  'CODEOWNERS',
  'docs/CODEOWNERS',
  '.gitattributes',
];

export const VALIDATE_HELP = `Usage: packet validate [paths...] [--staged] [options]

Checks packets against schemas/packet.schema.json and the finance rules, the exports they cite,
and that CODEOWNERS maps every folder under packets/ to its owner's team and to finance.
With no paths, checks every packet under packets/.

  --staged            check only the packets staged in git, as staged (for a pre-commit hook)
  --ref REV           check the packets as committed at REV (a commit, branch or tag), not the
                      files on disk. After a whole run has left its tree index in the cache,
                      only what REV changed is read, from git; else REV is checked out
  --filed-on DATE     the packets are being filed on DATE (YYYY-MM-DD): warns inside the
                      policy's billing_close warning window, fails after the close unless the
                      packet has late_filing_reason. Without it, the date in the packet id is
                      checked against the close (no warning).
  --today DATE        same as --filed-on; PACKET_TODAY in the environment does the same
  --format text|json  text (default): one "file:line:col CODE message" line per finding
  --root DIR          repository root (default: nearest folder with packets/ or .git)
  --no-cache          check every file afresh instead of reusing results of unchanged files
  --skip-exports      do not read the exports (no hash or total checks); for quick local runs
  --workers N         check files on at most N threads (default: one per core)

Examples:
  packet validate packets/ml-platform/EXC-2026-12-02-ML-PLATFORM.yaml
  packet validate --staged
  packet validate --ref HEAD --format json
  packet validate --filed-on 2026-12-04 packets/search/`;

export async function runValidate(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      root: { type: 'string' },
      staged: { type: 'boolean', default: false },
      ref: { type: 'string' },
      'filed-on': { type: 'string' },
      today: { type: 'string' },
      'no-cache': { type: 'boolean' },
      'skip-exports': { type: 'boolean' },
      workers: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(VALIDATE_HELP);
    return EXIT.ok;
  }
  if (values.format !== 'text' && values.format !== 'json') {
    throw new UsageError(
      `--format must be text or json, not ${values.format}`,
      'run `packet validate --format json` or leave --format out',
    );
  }
  if (values.staged && positionals.length > 0) {
    throw new UsageError(
      '--staged checks the staged packets; it takes no paths',
      'run `packet validate --staged` or `packet validate <paths...>`',
    );
  }
  if (values.ref !== undefined) checkRef(values.ref, positionals, values.staged === true);
  const filedOn = filingDate(values['filed-on'] ?? values.today ?? io.env.PACKET_TODAY);
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1)) {
    throw new UsageError(
      `--workers must be a whole number of 1 or more, not ${values.workers}`,
      'run `packet validate --workers 2` or leave --workers out',
    );
  }

  const root = values.root === undefined ? findRepoRoot(io.cwd) : givenRoot(io.cwd, values.root);
  // A run over the disk in a folder with no packets/ would pass having checked nothing.
  if (values.ref === undefined && !values.staged) requirePacketsFolder(root);
  const skipExports = values['skip-exports'] === true;
  const result = values.staged
    ? await validateStaged(root, { skipExports, filedOn })
    : values.ref !== undefined
      ? await validateRef(root, values.ref, io, { workers, skipExports, filedOn, values })
      : await validateTree(root, positionals, io, { workers, skipExports, filedOn, values });

  if (values.format === 'json') io.stdout(JSON.stringify(toJson(result), null, 2));
  else printText(result, io, argv);
  return result.errors > 0 ? EXIT.findings : EXIT.ok;
}

/** What a run over the disk or at a commit takes from the command line. */
interface RunOptions {
  workers?: number;
  skipExports: boolean;
  filedOn?: string;
  values: { 'no-cache'?: boolean };
}

/** The cache file of this run, unless --no-cache (or PACKET_NO_CACHE) says to keep none. */
function runCache(root: string, io: CommandIo, options: RunOptions): string | undefined {
  const noCache = options.values['no-cache'] === true || Boolean(io.env.PACKET_NO_CACHE);
  return noCache ? undefined : cacheFile(root, io.env, options);
}

/** The packets on disk: all of them, or those the arguments name. */
async function validateTree(
  root: string,
  positionals: string[],
  io: CommandIo,
  options: RunOptions,
): Promise<ValidationReport> {
  const cache = runCache(root, io, options);
  // Git is asked what changed since the indexed tree before the engine is even loaded: the
  // answer then comes while this process loads the checks.
  const wholeRepository = positionals.length === 0;
  const tree = cache && wholeRepository ? indexedTree(cache) : undefined;
  const { changesSince } = await import('../io/tree-changes.js');
  const early = tree ? { tree, changes: changesSince(root, tree) } : undefined;
  // So are the checks, which a run from the index most likely needs for a few changed packets.
  if (early) void import('./validate-chunk.js').catch(() => undefined);

  const { runValidation } = await import('./validate-engine.js');
  const { resolvePacketArgs } = await import('../io/files.js');
  const run = await runValidation({
    root,
    paths: (stamps) => resolvePacketArgs(root, io.cwd, positionals, stamps),
    wholeRepository,
    early,
    cacheFile: cache,
    workers: options.workers,
    configFiles: CONFIG_FILES,
    skipExports: options.skipExports,
    filedOn: options.filedOn,
  });
  // PACKET_TRACE says how the run went, on stderr so that --format json stays clean.
  if (io.env.PACKET_TRACE) io.stderr(`packet validate: ${traceLine(run, wholeRepository)}`);
  return run.report;
}

/** The folder --root names: one that is not there is a mistake, not a repository of no packets. */
function givenRoot(cwd: string, root: string): string {
  const full = path.resolve(cwd, root);
  if (!statSync(full, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(
      `--root ${root} is not a folder`,
      'pass the folder that holds packets/, or leave --root out inside the repository',
    );
  }
  return full;
}

function requirePacketsFolder(root: string): void {
  if (lstatSync(path.join(root, 'packets'), { throwIfNoEntry: false }) !== undefined) return;
  throw new UsageError(
    `${root} has no packets/ folder, so there is nothing to check`,
    'run inside the packet repository (or pass --root); a new one starts with an empty packets/',
  );
}

/** The packets as committed at `rev`: see validate-at-ref.ts. */
async function validateRef(
  root: string,
  rev: string,
  io: CommandIo,
  options: RunOptions,
): Promise<ValidationReport> {
  const { validateAtRef } = await import('./validate-at-ref.js');
  const { RevisionNotFound } = await import('../io/config-at-ref.js');
  const { GitError } = await import('../io/git-at-ref.js');
  try {
    const run = await validateAtRef({
      root,
      rev,
      cacheFile: runCache(root, io, options),
      configFiles: CONFIG_FILES,
      workers: options.workers,
      skipExports: options.skipExports,
      filedOn: options.filedOn,
    });
    const where = run.checkout ? `, from a checkout of the commit (${run.checkout})` : '';
    const line = `at ${rev}${where}: ${traceLine(run, true)}`;
    if (io.env.PACKET_TRACE) io.stderr(`packet validate: ${line}`);
    return run.report;
  } catch (error) {
    if (error instanceof GitError) {
      throw new UsageError(
        `--ref reads the commit from git, which could not answer at ${root}: ${error.stderr}`,
        'run it inside a git repository whose objects git can read (`git fsck` checks them), or ' +
          'leave --ref out to check the files on disk',
      );
    }
    if (!(error instanceof RevisionNotFound)) throw error;
    throw new UsageError(
      `--ref ${rev} names no commit of this repository`,
      'name a commit, branch or tag that `git log` shows (a shallow clone may need a deeper fetch)',
    );
  }
}

/** --ref takes a plain revision, and checks every packet of it: no paths, not the staged. */
function checkRef(rev: string, positionals: readonly string[], staged: boolean): void {
  if (staged || positionals.length > 0) {
    throw new UsageError(
      '--ref checks every packet of a commit; it takes no paths and no --staged',
      'run `packet validate --ref HEAD`, or `packet validate <paths...>` for files on disk',
    );
  }
  if (!isPlainRevision(rev)) {
    throw new UsageError(
      `--ref must name a commit, branch or tag, not ${JSON.stringify(rev)}`,
      'run `packet validate --ref HEAD` or `--ref origin/main`, without spaces or a colon',
    );
  }
}

function traceLine(
  run: { checked: number; reused: number; workers: number; via: string },
  wholeRepository: boolean,
) {
  // Named paths always use the cache of files; a whole run does when the index could not serve.
  const why = wholeRepository ? ' (the tree index could not serve)' : '';
  const reused =
    run.via === 'index'
      ? `reused ${run.reused} from the tree index`
      : run.via === 'cache'
        ? `reused ${run.reused} from the cache of files${why}`
        : 'reused none (no cache, or nothing in it matched)';
  const threads = run.workers > 0 ? `, on ${run.workers + 1} threads` : '';
  return `checked ${run.checked}, ${reused}${threads}`;
}

/** The staged versions of the staged packets, read from the git index, checked in-process. */
async function validateStaged(
  root: string,
  options: { skipExports: boolean; filedOn?: string },
): Promise<ValidationReport> {
  const { listStagedPackets, readStagedPackets } = await import('../io/staged-files.js');
  const { loadSetup } = await import('./validate-engine.js');
  const { buildReport } = await import('../core/packet/report.js');
  const files = await readStagedPackets(root, await listStagedPackets(root));
  const setup = await loadSetup(root);
  const { validateFiles } = await import('./validate-chunk.js');
  const results = await validateFiles(
    { root, allocation: setup.allocation, billingClose: setup.billingClose, ...options },
    files,
  );
  return buildReport(
    results.map((result) => result.outcome),
    setup.findings,
  );
}

/** The filing date given on the command line or in PACKET_TODAY, checked. */
function filingDate(text: string | undefined): string | undefined {
  if (text === undefined || text === '') return undefined;
  if (!isCalendarDate(text)) {
    throw new UsageError(
      `the filing date must be a calendar date YYYY-MM-DD, not ${JSON.stringify(text)}`,
      'run `packet validate --filed-on 2026-12-04` (or unset PACKET_TODAY)',
    );
  }
  return text;
}

function printText(result: ValidationReport, io: CommandIo, argv: readonly string[]): void {
  for (const line of renderFindingsText(result.findings, useColour(io))) io.stdout(line);
  io.stdout(renderSummary(summarise(result)));
  if (result.errors > 0) {
    io.stdout(`Fix the findings above, then run \`${againCommand(io.env, argv)}\` again.`);
  }
}

/**
 * The command that ran, to run again with the same arguments: `npm run validate` or `npm run
 * packet` when npm started it (npm names its script in the environment), else `packet validate`.
 */
function againCommand(env: NodeJS.ProcessEnv, argv: readonly string[]): string {
  const args = argv.map(shellWord);
  const words =
    env.npm_lifecycle_event === 'validate'
      ? ['npm run validate', ...(args.length > 0 ? ['--', ...args] : [])]
      : env.npm_lifecycle_event === 'packet'
        ? ['npm run packet -- validate', ...args]
        : ['packet validate', ...args];
  return words.join(' ');
}

/** An argument as a POSIX shell reads it back: bare when plain, else in single quotes. */
function shellWord(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

function summarise(result: ValidationReport) {
  // Errors in no packet's file (CODEOWNERS, the policy) fail the run too: say so beside the
  // count of valid packets, or "1 valid, 2 errors" reads as a contradiction.
  const { configErrors } = result;
  return {
    packets: result.packets,
    valid: result.packets - result.invalid,
    errors: result.errors,
    warnings: result.warnings,
    ...(configErrors > 0 ? { configErrors } : {}),
  };
}

function toJson(result: ValidationReport) {
  return {
    summary: summarise(result),
    findings: result.findings,
    files: result.files.map((file) => ({
      path: file.path,
      valid: !file.findings.some((finding) => finding.severity === 'error'),
    })),
  };
}
