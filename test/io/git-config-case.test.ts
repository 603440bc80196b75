import { describe, expect, it } from 'vitest';
import { mayIgnoreCase } from '../../scripts/io/git-config-case.js';
import { configuredRepository, isolateGitConfig } from '../support/git-config-env.js';

describe('whether git may ignore case in file names', () => {
  isolateGitConfig();

  it.each([
    ['[core]\n\tignorecase = true\n', true],
    ['[core]\n\tignoreCase = On ; set by clone\n', true],
    ['[core]\n\tignorecase\n', true],
    ['[core]\n\tignorecase = false\n', false],
    ['[core]\n\tIgnoreCase=0 # never\n', false],
    ['[core]\n\tfilemode = true\n', false],
    ['[include]\n\tpath = other.config\n', true],
  ])('reads %j as %s', (config, expected) => {
    expect(mayIgnoreCase(configuredRepository(config))).toBe(expected);
  });

  it('counts the user’s own config and settings passed in the environment', () => {
    expect(mayIgnoreCase(configuredRepository('', '[core]\n\tignorecase = yes\n'))).toBe(true);
    const root = configuredRepository('');
    expect(mayIgnoreCase(root)).toBe(false);
    process.env.GIT_CONFIG_PARAMETERS = "'core.ignorecase=true'";
    expect(mayIgnoreCase(root)).toBe(true);
  });
});
