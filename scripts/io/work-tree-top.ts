/**
 * Where git's work tree begins. Kept apart from the work-tree reader, so that a run from the tree
 * index, which needs only this, never loads that reader.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The top of the work tree `root` is in. A folder holding `.git` (a folder, or the file a linked
 * work tree has) is its own top, unless the environment points git elsewhere; only otherwise is
 * git asked, which costs a process.
 */
export async function topOfWorkTree(root: string, git: (...args: string[]) => Promise<string>) {
  const pointed = process.env.GIT_DIR !== undefined || process.env.GIT_WORK_TREE !== undefined;
  if (!pointed && existsSync(path.join(root, '.git'))) return root;
  return (await git('rev-parse', '--show-toplevel')).trim();
}
