/**
 * `packet ledger [--check]`: regenerates `packets/LEDGER.md` from the packets, or with
 * `--check` fails (exit 1, LEDGER_STALE) when the committed ledger is not what they give.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

import { LEDGER_PATH, renderLedger } from '../core/history/ledger.js';
import { readPacketFiles } from '../io/packet-files.js';
import { EXIT, type CommandIo } from './io.js';

/** Runs the ledger command; returns the exit code. */
export async function runLedger(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { check: { type: 'boolean', default: false } },
  });
  const expected = renderLedger(await readPacketFiles(io.cwd));
  const target = join(io.cwd, LEDGER_PATH);

  if (values.check) {
    const current = await readFile(target, 'utf8').catch(() => undefined);
    if (current === expected) {
      io.stdout(`${LEDGER_PATH} is up to date`);
      return EXIT.ok;
    }
    io.stderr(
      `LEDGER_STALE: ${LEDGER_PATH} ${current === undefined ? 'is missing' : 'does not match the packets'}; ` +
        'run `packet ledger` and commit the result',
    );
    return EXIT.findings;
  }

  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, expected);
  io.stdout(`wrote ${LEDGER_PATH}`);
  return EXIT.ok;
}
