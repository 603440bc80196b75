import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listPackets, readPacketFiles } from '../../scripts/io/files.js';
import { cacheFile } from '../../scripts/io/result-cache.js';
import { tempDir } from '../support/temp-dir.js';

function folder(): string {
  const root = tempDir();
  mkdirSync(path.join(root, 'packets/team'), { recursive: true });
  return root;
}

describe('reading packet files', () => {
  it('reports a file that vanished, a link and a folder instead of stopping the run', async () => {
    const root = folder();
    writeFileSync(path.join(root, 'packets/team/real.yaml'), 'a: 1\n');
    symlinkSync('real.yaml', path.join(root, 'packets/team/link.yaml'));
    mkdirSync(path.join(root, 'packets/team/folder.yaml'));

    const files = await readPacketFiles(root, [
      'packets/team/gone.yaml',
      'packets/team/link.yaml',
      'packets/team/folder.yaml',
      'packets/team/real.yaml',
    ]);

    expect(files.map((file) => [file.path, file.problem?.code ?? 'read'])).toEqual([
      ['packets/team/gone.yaml', 'FILE_UNREADABLE'],
      ['packets/team/link.yaml', 'FILE_SYMLINK'],
      ['packets/team/folder.yaml', 'FILE_NOT_REGULAR'],
      ['packets/team/real.yaml', 'read'],
    ]);
    expect(Buffer.from(files[3]!.bytes).toString()).toBe('a: 1\n');
  });
});

describe('names that are not UTF-8', () => {
  it('are listed and reported, a file or a folder, instead of failing the run', async () => {
    const root = folder();
    const team = Buffer.from(path.join(root, 'packets/team/'));
    const name = (...bytes: number[]) => Buffer.concat([team, Buffer.from(bytes)]);
    writeFileSync(name(0x78, 0xfe, 0x2e, 0x79, 0x61, 0x6d, 0x6c), 'a: 1\n'); // x<FE>.yaml
    mkdirSync(name(0x62, 0xff)); // b<FF>
    writeFileSync(Buffer.concat([name(0x62, 0xff), Buffer.from('/inside.yaml')]), 'a: 1\n');
    writeFileSync(path.join(root, 'packets/team/fine.yaml'), 'a: 1\n');

    const listed = await listPackets(root);
    const files = await readPacketFiles(root, listed);

    expect(listed).toEqual([
      'packets/team/b\uFFFD',
      'packets/team/fine.yaml',
      'packets/team/x\uFFFD.yaml',
    ]);
    expect(files.map((file) => file.problem?.code ?? 'read')).toEqual([
      'FILE_NAME_NOT_UTF8',
      'read',
      'FILE_NAME_NOT_UTF8',
    ]);
    expect(files[0]!.problem!.message).toContain('rename it using UTF-8 characters only');
  });
});

describe('where the result cache lives', () => {
  it("is the user's own cache folder, never the shared temp folder, without node_modules", () => {
    const root = folder();
    const file = cacheFile(root, { XDG_CACHE_HOME: '/home/someone/.cache' });
    expect(file.startsWith('/home/someone/.cache/exception-packets/')).toBe(true);
    expect(file.endsWith('/validate.json')).toBe(true);
    expect(cacheFile(root, { PACKET_CACHE_DIR: '/x' })).toBe('/x/validate.json');
  });

  it('is a file of its own for runs that skip the exports', () => {
    const root = folder();
    const env = { PACKET_CACHE_DIR: '/x' };
    expect(cacheFile(root, env, { skipExports: true })).toBe('/x/validate-skip-exports.json');
    expect(cacheFile(root, env, { skipExports: false })).toBe('/x/validate.json');
  });
});
