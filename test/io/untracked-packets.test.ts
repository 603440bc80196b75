import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listPackets } from '../../scripts/io/files.js';
import { readStamp, settledStamp, type FolderStamps } from '../../scripts/io/folder-stamps.js';
import { untrackedSince } from '../../scripts/io/untracked-packets.js';
import { tempDir } from '../support/temp-dir.js';

const LISTED = ['packets/a/one.yaml', 'packets/a/deep/two.yaml', 'packets/b/three.yaml'];

/** A packets tree, and the stamps a listing taken now would keep had its folders settled. */
function tree() {
  const root = tempDir(Object.fromEntries(LISTED.map((file) => [file, 'id: x\n'])));
  mkdirSync(path.join(root, 'packets/a/evidence'));
  const folders = ['packets', 'packets/a', 'packets/a/deep', 'packets/b'].map(
    (folder) => [folder, readStamp(path.join(root, folder))!] as [string, string],
  );
  const isListed = (file: string) => LISTED.includes(file);
  const scan = (outside: string[] = []) => untrackedSince(root, folders, outside, isListed);
  const write = (file: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), 'id: y\n');
  };
  return { root, folders, scan, write };
}

describe('finding packets git does not track from folder stamps', () => {
  it('finds nothing when no folder changed', () => {
    expect(tree().scan()).toEqual(new Set());
  });

  it('finds a new packet in a listed folder, in a new folder, and deeper in it', () => {
    const { scan, write } = tree();
    write('packets/a/new.yaml');
    write('packets/c/owner.yaml');
    write('packets/c/x/y/deeper.yml');
    write('packets/a/deep/notes.txt');
    write('packets/a/evidence/export.yaml');

    expect(scan()).toEqual(
      new Set(['packets/a/new.yaml', 'packets/c/owner.yaml', 'packets/c/x/y/deeper.yml']),
    );
  });

  it('sees a new entry whose folder had its modification time set back', () => {
    const { root, write } = tree();
    const folder = path.join(root, 'packets/b');
    const old = new Date('2020-01-01T00:00:00Z');
    utimesSync(folder, old, old);
    const stamps = [['packets/b', readStamp(folder)!] as const];

    write('packets/b/late.yaml');
    utimesSync(folder, old, old);

    expect(statSync(folder, { bigint: true }).mtimeNs).toBe(BigInt(old.getTime()) * 1_000_000n);
    const isListed = (file: string) => LISTED.includes(file);
    expect(untrackedSince(root, stamps, [], isListed)).toEqual(new Set(['packets/b/late.yaml']));
  });

  it('sees a packet renamed into a folder, and a folder swapped for another', () => {
    const { root, scan, write } = tree();
    write('packets/b/staging/moved.yaml');
    renameSync(
      path.join(root, 'packets/b/staging/moved.yaml'),
      path.join(root, 'packets/b/m.yaml'),
    );
    rmSync(path.join(root, 'packets/a/deep'), { recursive: true });
    write('packets/a/deep/two.yaml');
    write('packets/a/deep/swapped.yaml');

    expect(scan()).toEqual(new Set(['packets/b/m.yaml', 'packets/a/deep/swapped.yaml']));
  });

  it('reads a folder kept unsettled every time, and skips one whose stamp stands', () => {
    const { root, folders } = tree();
    writeFileSync(path.join(root, 'packets/b/unlisted.yaml'), 'id: z\n');
    const isListed = (file: string) => LISTED.includes(file);
    // The stamps taken after the file was added stand for it: the folder is not read. (A real
    // listing would have named the file; this shows the folder is trusted, not read.)
    const after = folders.map(([folder]) => [folder, readStamp(path.join(root, folder))!] as const);
    expect(untrackedSince(root, after, [], isListed)).toEqual(new Set());

    const unsettled = after.map(([folder, stamp]) => [folder, folder === 'packets/b' ? '' : stamp]);
    expect(untrackedSince(root, unsettled as [string, string][], [], isListed)).toEqual(
      new Set(['packets/b/unlisted.yaml']),
    );
  });

  it('lists a packet from outside the tree while it is there, and not once it is gone', () => {
    const { root, scan } = tree();
    expect(scan(['packets/b/three.yaml'])).toEqual(new Set(['packets/b/three.yaml']));
    rmSync(path.join(root, 'packets/b/three.yaml'));
    expect(scan(['packets/b/three.yaml'])).toEqual(new Set());
  });

  it('passes over a folder that is gone, with what was under it', () => {
    const { root, scan } = tree();
    rmSync(path.join(root, 'packets/a'), { recursive: true });
    expect(scan()).toEqual(new Set());
  });

  it('gives no answer when a folder became a link or a file', () => {
    const { root, scan } = tree();
    rmSync(path.join(root, 'packets/a'), { recursive: true });
    symlinkSync(path.join(root, 'packets/b'), path.join(root, 'packets/a'));
    expect(scan()).toBeUndefined();

    rmSync(path.join(root, 'packets/a'));
    writeFileSync(path.join(root, 'packets/a'), 'not a folder\n');
    expect(scan()).toBeUndefined();
  });

  it('leaves FIFOs and anything inside a folder named .git out, as a listing does', () => {
    const { root, scan, write } = tree();
    execFileSync('mkfifo', [path.join(root, 'packets/b/pipe.yaml')]);
    write('packets/b/sub/.git/inside.yaml');
    write('packets/b/sub/beside.yaml');
    expect(scan()).toEqual(new Set(['packets/b/sub/beside.yaml']));
  });
});

describe('the stamps a listing keeps', () => {
  it('stamps every folder it reads, leaving evidence and .git folders unread', async () => {
    const { root } = tree();
    mkdirSync(path.join(root, 'packets/b/.git'));
    const stamps: FolderStamps = new Map();

    const files = await listPackets(root, stamps);

    expect(files).toEqual([...LISTED].sort());
    expect([...stamps.keys()].sort()).toEqual([
      'packets',
      'packets/a',
      'packets/a/deep',
      'packets/b',
    ]);
  });

  it('keeps no stamp for a folder changed just before the listing, only an older one', () => {
    const { root } = tree();
    const full = path.join(root, 'packets/a');
    expect(settledStamp(full, Date.now())).toBe('');
    expect(settledStamp(full, Date.now() - 60_000)).toBe('');
    // As if the listing began a minute after the folder last changed: its own stamp is kept.
    expect(settledStamp(full, Date.now() + 60_000)).toBe(readStamp(full));
    expect(settledStamp(path.join(root, 'packets/none'), Date.now() + 60_000)).toBe('');
  });
});
