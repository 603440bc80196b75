/**
 * A committed repository to validate: the shipped examples, 30 generated packets and every
 * invalid fixture, in a temp folder (removed after the test), with a `git` to run in it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { generatePacketRepository } from '../../bench/generate-packets.js';
import { FIXTURES } from './paths.js';
import { copyOfExamples } from './temp-dir.js';

export function corpus() {
  const root = copyOfExamples();
  generatePacketRepository(path.join(root, 'generated'), 30);
  cpSync(path.join(root, 'generated/packets'), path.join(root, 'packets'), { recursive: true });
  rmSync(path.join(root, 'generated'), { recursive: true });
  for (const name of readdirSync(path.join(FIXTURES, 'invalid'))) {
    const target = path.join(root, 'packets/ml-platform', name.replaceAll('+', '-'));
    cpSync(path.join(FIXTURES, 'invalid', name), target);
  }
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  git('init', '-q');
  git('add', 'packets', 'schemas', '.github', 'CODEOWNERS');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'corpus');
  return { root, git };
}
