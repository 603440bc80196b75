import { describe, expect, it } from 'vitest';
import { mayOverlookEdits } from '../../scripts/io/git-config-stat.js';
import { configuredRepository, isolateGitConfig } from '../support/git-config-env.js';

describe('whether git may take a file edited in place for unchanged', () => {
  isolateGitConfig();

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
    expect(mayOverlookEdits(configuredRepository(config))).toBe(expected);
  });
});
