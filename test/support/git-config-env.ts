/**
 * Tests of what git's config says, kept from the config of the machine that runs them: no
 * system config, no settings passed in the environment, and a home of the test's own (its
 * `~/.gitconfig` written by the test). The environment is put back after each test.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { tempDir } from './temp-dir.js';

/** Call inside a `describe`: each of its tests runs with the isolated environment. */
export function isolateGitConfig(): void {
  const saved = { ...process.env };
  beforeEach(() => {
    process.env.GIT_CONFIG_NOSYSTEM = '1';
    delete process.env.GIT_CONFIG_PARAMETERS;
    delete process.env.GIT_CONFIG_COUNT;
    delete process.env.GIT_CONFIG_GLOBAL;
    const home = tempDir();
    process.env.HOME = home;
    process.env.XDG_CONFIG_HOME = path.join(home, '.config');
  });
  afterEach(() => {
    process.env = { ...saved };
  });
}

/** A repository folder with this .git/config, the home's ~/.gitconfig holding `global`. */
export function configuredRepository(config: string, global = ''): string {
  const root = tempDir();
  mkdirSync(path.join(root, '.git'));
  writeFileSync(path.join(root, '.git/config'), config);
  writeFileSync(path.join(process.env.HOME!, '.gitconfig'), global);
  return root;
}
