/**
 * The packet files staged in git, read from the index rather than the work tree, so a
 * pre-commit check sees exactly what the commit will hold.
 */
import { UsageError } from '../core/errors.js';
import type { PacketFile } from '../core/packet/validate.js';
import { execFileAsync as run } from './child-process.js';
import { isPacketPath } from './files.js';

/** Git's file mode for a symbolic link. */
const SYMLINK_MODE = '120000';

/** Repository-relative paths of the packets added, copied, modified or renamed in the index. */
export async function listStagedPackets(root: string): Promise<string[]> {
  const output = await git(root, ['diff', '--cached', '--name-only', '--diff-filter=ACMR', '-z']);
  return output
    .split('\0')
    .filter((name) => name !== '' && isPacketPath(name))
    .sort();
}

/** The staged bytes of each path; a staged symlink is reported, never followed. */
export async function readStagedPackets(root: string, paths: readonly string[]) {
  if (paths.length === 0) return [];
  const modes = await stagedModes(root, paths);

  return Promise.all(
    paths.map(async (relative): Promise<PacketFile> => {
      if (modes.get(relative) === SYMLINK_MODE) {
        const message =
          'is a symbolic link; commit the packet itself, links can point outside the review';
        return {
          path: relative,
          bytes: new Uint8Array(),
          problem: { code: 'FILE_SYMLINK', message },
        };
      }
      const { stdout } = await run('git', ['-C', root, 'cat-file', 'blob', `:${relative}`], {
        encoding: 'buffer',
        maxBuffer: 64 * 1024 * 1024,
      });
      return { path: relative, bytes: new Uint8Array(stdout) };
    }),
  );
}

async function stagedModes(root: string, paths: readonly string[]): Promise<Map<string, string>> {
  const output = await git(root, ['ls-files', '--stage', '-z', '--', ...paths]);
  const modes = new Map<string, string>();
  for (const entry of output.split('\0')) {
    // "<mode> <object> <stage>\t<path>"
    const tab = entry.indexOf('\t');
    if (tab > 0) modes.set(entry.slice(tab + 1), entry.slice(0, 6));
  }
  return modes;
}

async function git(root: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', ['-C', root, ...args], { maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    throw new UsageError(
      `--staged needs git and a git repository at ${root}: ${detail}`,
      'run `packet validate` without --staged to check the files on disk',
    );
  }
}
