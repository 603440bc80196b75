/**
 * What stands at a configuration file's path when no plain file does, in the words a finding
 * uses: a run reads a configuration file only when it is one, and otherwise says what is there
 * instead and how to put the file in its place.
 */

/** What a run found at a configuration file's path instead of a plain file. */
export type NotAFile =
  | { kind: 'none' | 'folder' | 'link' | 'other' }
  /** A symlink at the path or on the way to it leads back to itself. */
  | { kind: 'loop' }
  /** `folder`, one of the folders on the way to the file, is a file: nothing can be there. */
  | { kind: 'no folder'; folder: string };

/** What is wrong, naming the file: "<file> is a folder, not a file", and the like. */
export function whatStandsAt(file: string, found: NotAFile): string {
  switch (found.kind) {
    case 'none':
      return `${file} does not exist`;
    case 'folder':
      return `${file} is a folder, not a file`;
    case 'link':
      return `${file} is a symlink, which is not followed`;
    case 'other':
      return `${file} is not a regular file`;
    case 'loop':
      return `${file} cannot be read: a symlink on the way to it leads back to itself`;
    case 'no folder':
      return `${file} cannot exist: ${found.folder} is a file, not a folder`;
  }
}

/** What to do so that `file` can be read: put `content` (its description) there, plainly. */
export function howToPlace(found: NotAFile, content: string): string {
  if (found.kind === 'none') return `add ${content}`;
  if (found.kind === 'no folder') {
    return `replace the file ${found.folder} with a folder that holds ${content}`;
  }
  return `replace it with ${content} as a plain file`;
}
