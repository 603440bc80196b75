import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mayIgnoreCase } from '../../scripts/io/git-config-case.js';
import { tempDir } from '../support/temp-dir.js';

const saved = { ...process.env };

/** A repository folder with this .git/config, and a home whose ~/.gitconfig holds `global`. */
function repository(config: string, global = ''): string {
  const root = tempDir();
  mkdirSync(path.join(root, '.git'));
  writeFileSync(path.join(root, '.git/config'), config);
  const home = tempDir();
  writeFileSync(path.join(home, '.gitconfig'), global);
  process.env.HOME = home;
  process.env.XDG_CONFIG_HOME = path.join(home, '.config');
  return root;
}

describe('whether git may ignore case in file names', () => {
  beforeEach(() => {
    process.env.GIT_CONFIG_NOSYSTEM = '1';
    delete process.env.GIT_CONFIG_PARAMETERS;
    delete process.env.GIT_CONFIG_COUNT;
    delete process.env.GIT_CONFIG_GLOBAL;
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it.each([
    ['[core]\n\tignorecase = true\n', true],
    ['[core]\n\tignoreCase = On ; set by clone\n', true],
    ['[core]\n\tignorecase\n', true],
    ['[core]\n\tignorecase = false\n', false],
    ['[core]\n\tIgnoreCase=0 # never\n', false],
    ['[core]\n\tfilemode = true\n', false],
    ['[include]\n\tpath = other.config\n', true],
  ])('reads %j as %s', (config, expected) => {
    expect(mayIgnoreCase(repository(config))).toBe(expected);
  });

  it('counts the user’s own config and settings passed in the environment', () => {
    expect(mayIgnoreCase(repository('', '[core]\n\tignorecase = yes\n'))).toBe(true);
    const root = repository('');
    expect(mayIgnoreCase(root)).toBe(false);
    process.env.GIT_CONFIG_PARAMETERS = "'core.ignorecase=true'";
    expect(mayIgnoreCase(root)).toBe(true);
  });
});
