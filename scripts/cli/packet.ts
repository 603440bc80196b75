/**
 * The `packet` command: picks the subcommand and maps failures to exit codes in one place.
 */
import { InternalError, UsageError } from '../core/errors.js';
import { EXIT, processIo, type CommandIo } from './io.js';
import { runsAsEntry } from './run-as-entry.js';

type Command = (argv: string[], io: CommandIo) => Promise<number>;

const AUDIT_HELP = `Usage: packet audit [EXC-id] [--format markdown|json|csv] [--today YYYY-MM-DD] [--ref REF]

Re-performs every recorded approval and denial from git history alone: each packet's timeline,
whether its record matches the merge it names, whether anything changed after approval, and
dates passed. Exits 1 when any check fails or the history cannot be checked (a shallow clone).

  EXC-id              show one packet only
  --format F          markdown (default), json, or csv for a spreadsheet
  --today YYYY-MM-DD  the date to judge due and overdue dates against (default: today)
  --ref REF           the branch or commit whose history to audit (default: HEAD)

Example:
  packet audit EXC-2026-12-02-ML-PLATFORM --format csv > audit.csv`;

const LEDGER_HELP = `Usage: packet ledger [--check]

Regenerates packets/LEDGER.md, the table of every packet and its status. With --check, writes
nothing and exits 1 when the committed ledger is stale.

Example:
  packet ledger --check`;

const RECORD_HELP = `Usage: packet record --plan FILE [--remote origin] [--branch main] [--name N] [--email E]
                     [--via push|pull-request]

Records a decided pull request on the branch: the packet's approved or denied fields, its
approval record and git trailers, then the ledger; retries when another record lands first.
The plan is the decision JSON the record workflow writes. --via pull-request pushes the same
commits to record/pr-<N> instead, for a pull request (squash-merged) to land them.

Example:
  packet record --plan decision.json --remote origin --branch main`;

interface CommandEntry {
  summary: string;
  /**
   * Loads the command's module only when it runs: `packet validate` then never loads the
   * GitHub client, the recorder or the export readers it does not use.
   */
  load: () => Promise<{ run: Command; help: string }>;
}

const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  validate: {
    summary: 'check packets against the schema and finance rules',
    load: async () => {
      const m = await import('./validate.js');
      return { run: m.runValidate, help: m.VALIDATE_HELP };
    },
  },
  new: {
    summary: 'draft a packet from a billing export',
    load: async () => {
      const m = await import('./new.js');
      return { run: m.runNew, help: m.NEW_HELP };
    },
  },
  remind: {
    summary: 'list sign-offs, actions and reviews that are due',
    load: async () => {
      const m = await import('./remind.js');
      return { run: m.runRemind, help: m.REMIND_HELP };
    },
  },
  audit: {
    summary: 're-perform every recorded approval from git history alone',
    load: async () => ({ run: (await import('./audit.js')).runAudit, help: AUDIT_HELP }),
  },
  ledger: {
    summary: 'regenerate packets/LEDGER.md, or --check that it is current',
    load: async () => ({ run: (await import('./ledger.js')).runLedger, help: LEDGER_HELP }),
  },
  signoff: {
    summary: 'evaluate a pull request sign-off as the check does, from a terminal',
    load: async () => {
      const m = await import('./signoff.js');
      return { run: m.runSignoff, help: m.SIGNOFF_HELP };
    },
  },
  record: {
    summary: 'record an approval or denial on main after a PR closes',
    load: async () => ({ run: (await import('./record.js')).runRecord, help: RECORD_HELP }),
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(
    ([name, { summary }]) => `  ${name.padEnd(10)} ${summary}`,
  );
  return [
    'Usage: packet <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    "Run `packet <command> --help` for a command's options and an example.",
  ].join('\n');
}

/** Runs the CLI and returns the exit code; never throws. */
export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`packet: unknown command "${name}"\n\n${usage()}`);
    return EXIT.usage;
  }

  try {
    const { run, help } = await command.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(help);
      return EXIT.ok;
    }
    return await run(rest, io);
  } catch (error) {
    return reportFailure(error, io, name);
  }
}

function reportFailure(error: unknown, io: CommandIo, command: string): number {
  if (error instanceof UsageError) {
    io.stderr(`packet: ${error.message}${error.hint ? `\n${error.hint}` : ''}`);
    return EXIT.usage;
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
    // The parser's own sentence is the first one; its advice about `--` rarely applies here.
    const message = (error as Error).message.split('. ')[0] ?? '';
    io.stderr(`packet ${command}: ${message}\nRun \`packet ${command} --help\` for its options.`);
    return EXIT.usage;
  }
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    io.stderr(`packet: cannot read or write a file: ${(error as Error).message}`);
    return EXIT.usage;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  const kind = error instanceof InternalError ? 'internal error' : 'unexpected error';
  io.stderr(
    `packet: ${kind}: ${detail}\nThis is a bug in packet; please report it with the command you ran.`,
  );
  return EXIT.usage;
}

/** Runs the command on this process's arguments and exits with its code. */
export async function runCommand(): Promise<void> {
  const io = processIo();
  // Even telling of an error can fail (stderr on a full disk): the run still ends as a usage error.
  const code = await main(process.argv.slice(2), io).catch(() => EXIT.usage);
  // Exit once the output is out. Left to wind down on its own, the runtime first frees the whole
  // heap, which takes longer than a small run's own work (a pull request's few packets).
  await io.flushed();
  process.exit(code);
}

// Run as compiled, unbundled. The built command is started by its launcher (launch.cts), which
// calls runCommand: with no top-level await here, the bundle can be a script V8 keeps compiled.
if (runsAsEntry(import.meta.url)) void runCommand();
