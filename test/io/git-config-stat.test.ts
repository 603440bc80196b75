import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mayOverlookEdits } from '../../scripts/io/git-config-stat.js';
import { tempDir } from '../support/temp-dir.js';

const saved = { ...process.env };

/** A repository folder with this .git/config, and an empty home. */
function repository(config: string): string {
  const root = tempDir();
  mkdirSync(path.join(root, '.git'));
  writeFileSync(path.join(root, '.git/config'), config);
  const home = tempDir();
  process.env.HOME = home;
  process.env.XDG_CONFIG_HOME = path.join(home, '.config');
  return root;
}

describe('whether git may take a file edited in place for unchanged', () => {
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
    ['[core]\n\ttrustctime = false\n', true],
    ['[core]\n\ttrustCtime=0 ; network share\n', true],
    ['[core]\n\tcheckStat = minimal\n', true],
    ['[core]\n\ttrustctime = true\n', false],
    ['[core]\n\ttrustctime\n', false],
    ['[core]\n\tcheckstat = default # as shipped\n', false],
    ['[core]\n\tfilemode = true\n', false],
    ['[include]\n\tpath = other.config\n', true],
  ])('reads %j as %s', (config, expected) => {
    expect(mayOverlookEdits(repository(config))).toBe(expected);
  });
});
