import { describe, expect, it } from 'vitest';

import { parseCodeowners } from '../../../scripts/core/ownership/codeowners.js';
import { findCodeownersFile } from '../../../scripts/core/ownership/find-codeowners-file.js';

/**
 * Every example of GitHub's "About code owners" page, as one file in the page's order, so each
 * expectation below is worked out against the whole file (a later line can take a path back).
 */
const DOC_EXAMPLE = [
  '# Owners for the whole repository unless a later line matches.',
  '*       @global-owner1 @global-owner2',
  '',
  '# A later line has precedence; the trailing text is a comment.',
  '*.js    @js-owner #inline remark',
  '',
  '# An e-mail address works as an owner.',
  '*.go docs@example.com',
  '',
  '# A team, written @org/team.',
  '*.txt @octo-org/octocats',
  '',
  '# Anchored folder and everything under it.',
  '/build/logs/ @doctocat',
  '',
  '# Direct children of docs only.',
  'docs/*  docs@example.com',
  '',
  '# A folder called apps at any depth.',
  'apps/ @octocat',
  '',
  '# The root docs folder, recursively.',
  '/docs/ @doctocat',
  '',
  '# Two owners for the root scripts folder.',
  '/scripts/ @doctocat @octocat',
  '',
  '# A logs folder at any depth.',
  '**/logs @octocat',
  '',
  '# The root apps folder, except apps/github which is left without owners.',
  '/apps/ @octocat',
  '/apps/github',
  '',
  '# The same folder, now with its own owner.',
  '/apps/ @octocat',
  '/apps/github @doctocat',
].join('\n');

describe('parseCodeowners on the documentation example (whole file)', () => {
  const owners = parseCodeowners(DOC_EXAMPLE, '.github/CODEOWNERS');

  it.each([
    ['README.md', ['@global-owner1', '@global-owner2']],
    ['src/app.js', ['@js-owner']],
    ['cmd/main.go', ['docs@example.com']],
    ['notes.txt', ['@octo-org/octocats']],
    // /build/logs/ is overtaken by the later **/logs line.
    ['build/logs/today.log', ['@octocat']],
    ['build/other/today.log', ['@global-owner1', '@global-owner2']],
    // docs/* is overtaken by the later /docs/ line, at every depth.
    ['docs/getting-started.md', ['@doctocat']],
    ['docs/build-app/troubleshooting.md', ['@doctocat']],
    ['docs/page.js', ['@doctocat']],
    ['lib/apps/model.py', ['@octocat']],
    ['apps/model.py', ['@octocat']],
    ['scripts/deploy.sh', ['@doctocat', '@octocat']],
    ['scripts/logs/run.txt', ['@octocat']],
    ['deeply/nested/logs/trace.txt', ['@octocat']],
    // The last line gives apps/github its own owner again.
    ['apps/github/readme.md', ['@doctocat']],
    // Paths are case-sensitive: APPS is not apps.
    ['APPS/model.py', ['@global-owner1', '@global-owner2']],
    ['src/APP.JS', ['@global-owner1', '@global-owner2']],
  ])('%s is owned by %j', (path, expected) => {
    expect(owners.ownersOf(path)).toEqual(expected);
  });

  it('reports no problems and keeps every rule with its line number', () => {
    expect(owners.problems).toEqual([]);
    expect(owners.rules).toHaveLength(14);
    expect(owners.ruleFor('src/app.js')).toEqual({
      line: 5,
      pattern: '*.js',
      owners: ['@js-owner'],
    });
  });
});

describe('parseCodeowners on single examples', () => {
  it('docs/* does not reach files nested deeper than docs/', () => {
    const owners = parseCodeowners('* @everyone\ndocs/* docs@example.com\n');
    expect(owners.ownersOf('docs/getting-started.md')).toEqual(['docs@example.com']);
    expect(owners.ownersOf('docs/build-app/troubleshooting.md')).toEqual(['@everyone']);
    // The pattern has a slash in the middle, so it is anchored to the root.
    expect(owners.ownersOf('site/docs/page.md')).toEqual(['@everyone']);
  });

  it('**/* still matches files at any depth', () => {
    const owners = parseCodeowners('**/* @all\n');
    expect(owners.ownersOf('a/b/c.txt')).toEqual(['@all']);
    expect(owners.ownersOf('top.txt')).toEqual(['@all']);
  });

  it('a matching line without owners leaves the path unowned', () => {
    const owners = parseCodeowners('/apps/ @octocat\n/apps/github\n');
    expect(owners.ownersOf('apps/github/index.ts')).toEqual([]);
    expect(owners.ruleFor('apps/github/index.ts')?.line).toBe(2);
    expect(owners.ownersOf('apps/web/index.ts')).toEqual(['@octocat']);
  });

  it('a leading / anchors the pattern to the root', () => {
    const owners = parseCodeowners('/build/logs/ @doctocat\n');
    expect(owners.ownersOf('build/logs/a/b.log')).toEqual(['@doctocat']);
    expect(owners.ownersOf('src/build/logs/b.log')).toEqual([]);
  });

  it('an unanchored folder pattern matches at any depth', () => {
    const owners = parseCodeowners('apps/ @octocat\n');
    expect(owners.ownersOf('x/y/apps/z.ts')).toEqual(['@octocat']);
    // A file named apps is not the folder apps/.
    expect(owners.ownersOf('x/apps')).toEqual([]);
  });

  it('a pattern without a trailing slash also owns a folder of that name', () => {
    const owners = parseCodeowners('/packets/ml-platform @org/ml\n');
    expect(owners.ownersOf('packets/ml-platform/EXC-1.yml')).toEqual(['@org/ml']);
    expect(owners.ownersOf('packets/ml-platform-2/EXC-1.yml')).toEqual([]);
  });

  it('** in the middle matches zero or more folders', () => {
    const owners = parseCodeowners('/docs/**/*.md @writers\n');
    expect(owners.ownersOf('docs/a.md')).toEqual(['@writers']);
    expect(owners.ownersOf('docs/x/y/a.md')).toEqual(['@writers']);
    expect(owners.ownersOf('docs/x/y/a.txt')).toEqual([]);
  });

  it('accepts CRLF line endings and leading whitespace', () => {
    const owners = parseCodeowners('  *.md   @a\r\n*.ts @b\r\n');
    expect(owners.ownersOf('x.md')).toEqual(['@a']);
    expect(owners.ownersOf('x.ts')).toEqual(['@b']);
  });

  it('answers no owners for a path the matcher cannot take', () => {
    const owners = parseCodeowners('* @a\n');
    expect(owners.ownersOf('../outside.txt')).toEqual([]);
    expect(owners.ownersOf('/leading/slash.txt')).toEqual(['@a']);
  });
});

describe('parseCodeowners skips and reports invalid lines', () => {
  it.each([
    ['\\#notes.txt @a', 'CODEOWNERS_ESCAPED_HASH', 1],
    ['!docs/ @a', 'CODEOWNERS_NEGATION', 1],
    ['file[0-9].txt @a', 'CODEOWNERS_CHARACTER_RANGE', 5],
    ['*.md @a not-an-owner', 'CODEOWNERS_INVALID_OWNER', 9],
    ['*.md @org/team/extra', 'CODEOWNERS_INVALID_OWNER', 6],
  ])('%j is skipped as %s', (line, code, column) => {
    const owners = parseCodeowners(`* @default\n${line}\n`);
    expect(owners.problems).toEqual([
      expect.objectContaining({ code, line: 2, column, message: expect.any(String) }),
    ]);
    expect(owners.rules.map((rule) => rule.line)).toEqual([1]);
    expect(owners.ownersOf('docs/notes.md')).toEqual(['@default']);
  });

  it('reports a file of 3 MB or more and uses none of it', () => {
    const big = `* @a\n${'#'.repeat(3 * 1024 * 1024)}\n`;
    const owners = parseCodeowners(big);
    expect(owners.problems.map((p) => p.code)).toEqual(['CODEOWNERS_TOO_LARGE']);
    expect(owners.ownersOf('x')).toEqual([]);
  });

  it('treats a hash after whitespace as a comment but keeps one inside a pattern', () => {
    const owners = parseCodeowners('a#b.txt @x # @y\n');
    expect(owners.rules).toEqual([{ line: 1, pattern: 'a#b.txt', owners: ['@x'] }]);
  });
});

describe('findCodeownersFile', () => {
  it.each([
    [['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'], '.github/CODEOWNERS'],
    [['CODEOWNERS', 'docs/CODEOWNERS'], 'CODEOWNERS'],
    [['docs/CODEOWNERS'], 'docs/CODEOWNERS'],
    [['src/CODEOWNERS'], undefined],
  ])('with %j present picks %s', (present, expected) => {
    expect(findCodeownersFile((path) => present.includes(path))).toBe(expected);
  });
});
