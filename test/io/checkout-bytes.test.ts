import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attributesMayConvert, configMayConvert } from '../../scripts/io/checkout-bytes.js';
import { isolateGitConfig } from '../support/git-config-env.js';
import { tempDir } from '../support/temp-dir.js';

describe('attributesMayConvert', () => {
  it('is false for attributes that leave a checkout’s bytes as the blob’s', () => {
    const text = [
      '# Packets keep their line ends; evidence is bytes.',
      'packets/**/*.yaml -text',
      'packets/**/evidence/** -text -diff',
      '*.png binary',
      '"with space.csv" !eol linguist-generated export-ignore',
      '',
    ].join('\n');
    expect(attributesMayConvert(text)).toBe(false);
  });

  it.each([
    ['*.json text'],
    ['*.json text=auto'],
    ['* eol=crlf'],
    ['*.csv crlf'],
    ['*.csv filter=lfs -text'],
    ['*.yaml ident'],
    ['*.csv working-tree-encoding=UTF-16'],
    ['"a b.csv" text'],
    ['[attr]mine text eol=crlf'],
  ])('is true for %s', (line) => {
    expect(attributesMayConvert(`# first\n${line}\r\n`)).toBe(true);
  });
});

describe('configMayConvert', () => {
  isolateGitConfig();

  function repository(config = '', attributes?: string): string {
    const root = tempDir();
    execFileSync('git', ['init', '-q'], { cwd: root });
    if (config) appendFileSync(path.join(root, '.git/config'), config);
    if (attributes) writeFileSync(path.join(root, '.git/info/attributes'), attributes);
    return root;
  }

  it('is false for a repository that sets nothing', () => {
    expect(configMayConvert(repository())).toBe(false);
  });

  it('is true when the config converts line ends, or its attributes file does', () => {
    expect(configMayConvert(repository('[core]\n\tautocrlf = true\n'))).toBe(true);
    expect(configMayConvert(repository('[core]\n\teol = crlf\n'))).toBe(true);
    expect(configMayConvert(repository('', '*.json text eol=crlf\n'))).toBe(true);
    expect(configMayConvert(repository('', '*.json -text\n'))).toBe(false);
  });

  it('is true when the config sets autocrlf by its name alone (which git takes for true)', () => {
    expect(configMayConvert(repository('[core]\n\tautocrlf\n'))).toBe(true);
    expect(configMayConvert(repository('[core]\r\n\tautocrlf\r\n'))).toBe(true);
    expect(configMayConvert(repository('[core]\n\tautocrlf ; on\n'))).toBe(true);
  });

  it("is true when the user's default attributes file converts, which git reads unasked", () => {
    process.env.GIT_ATTR_NOSYSTEM = '1';
    const root = repository();
    const folder = path.join(process.env.XDG_CONFIG_HOME!, 'git');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'attributes'), '*.json -text\n');
    expect(configMayConvert(root)).toBe(false);
    writeFileSync(path.join(folder, 'attributes'), '*.json text eol=crlf\n');
    expect(configMayConvert(root)).toBe(true);
  });

  it('asks git when the config includes another file, and takes what it says', () => {
    const included = path.join(tempDir(), 'included');
    const root = repository(`[include]\n\tpath = ${included}\n`);
    writeFileSync(included, '[user]\n\tname = someone\n');
    expect(configMayConvert(root)).toBe(false);
    writeFileSync(included, '[core]\n\tautocrlf = input\n');
    expect(configMayConvert(root)).toBe(false);
    writeFileSync(included, '[core]\n\tautocrlf = true\n');
    expect(configMayConvert(root)).toBe(true);
  });
});
