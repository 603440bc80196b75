/**
 * Committed repositories to validate, in temp folders (removed after the test), each with a `git`
 * to run in it; and a clean checkout of one of their commits, to compare a run against.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { generatePacketRepository } from '../../bench/generate-packets.js';
import { FIXTURES } from './paths.js';
import { copyOfExamples, tempDir } from './temp-dir.js';

/** The shipped examples, 30 generated packets and every invalid fixture. */
export function corpus() {
  const root = copyOfExamples();
  generatePacketRepository(path.join(root, 'generated'), 30);
  cpSync(path.join(root, 'generated/packets'), path.join(root, 'packets'), { recursive: true });
  rmSync(path.join(root, 'generated'), { recursive: true });
  for (const name of readdirSync(path.join(FIXTURES, 'invalid'))) {
    const target = path.join(root, 'packets/ml-platform', name.replaceAll('+', '-'));
    cpSync(path.join(FIXTURES, 'invalid', name), target);
  }
  const git = gitIn(root);
  git('init', '-q');
  git('add', 'packets', 'schemas', '.github', 'CODEOWNERS');
  git(...IDENTITY, 'commit', '-qm', 'corpus');
  return { root, git };
}

/** The shipped examples, committed as they are; `prepare` then runs on the work tree. */
export function committedExamples(prepare: (root: string) => void = () => undefined) {
  const root = copyOfExamples();
  const git = gitIn(root);
  git('init', '-q');
  git('add', '-A');
  git(...IDENTITY, 'commit', '-qm', 'examples');
  prepare(root);
  return { root, git };
}

/** A fresh clone of `root` with `rev` (as `root` names it) checked out, detached. */
export function cleanCheckoutOf(root: string, rev: string): string {
  const commit = gitIn(root)('rev-parse', rev).trim();
  const clone = path.join(tempDir(), 'clone');
  execFileSync('git', ['clone', '-q', '--no-checkout', root, clone], { stdio: 'pipe' });
  gitIn(clone)('checkout', '-q', '--detach', commit);
  return clone;
}

const IDENTITY = ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid'];

function gitIn(root: string) {
  return (...args: string[]) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: 'pipe' });
}
