#!/usr/bin/env node
/**
 * The `packet` command: picks the subcommand and maps failures to exit codes in one place.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InternalError, UsageError } from '../core/errors.js';
import { EXIT, processIo, type CommandIo } from './io.js';
import { runRemind } from './remind.js';
import { runValidate } from './validate.js';

type Command = (argv: string[], io: CommandIo) => Promise<number>;

const COMMANDS: Readonly<Record<string, { run: Command; summary: string }>> = {
  validate: { run: runValidate, summary: 'check packets against the schema and finance rules' },
  remind: { run: runRemind, summary: 'list sign-offs, actions and reviews that are due' },
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
    return await command.run(rest, io);
  } catch (error) {
    return reportFailure(error, io);
  }
}

function reportFailure(error: unknown, io: CommandIo): number {
  if (error instanceof UsageError) {
    io.stderr(`packet: ${error.message}${error.hint ? `\n${error.hint}` : ''}`);
    return EXIT.usage;
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
    io.stderr(`packet: ${(error as Error).message}\nRun \`packet --help\` for the commands.`);
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

if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) {
  process.exitCode = await main(process.argv.slice(2), processIo());
}
