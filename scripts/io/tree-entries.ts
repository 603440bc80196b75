/**
 * Tree entries under `packets/` that are not plain files: symlinks and submodules. They are
 * reported, never read (`work-tree.ts` finds them in git's records).
 */

export type SpecialKind = 'symlink' | 'submodule';

/** A tree entry that is not a plain file, by repository-relative path. */
export interface TreeEntry {
  path: string;
  kind: SpecialKind;
}

/** The problem a packet reader reports for such an entry. */
export function specialEntryProblem(kind: SpecialKind): { code: string; message: string } {
  return kind === 'symlink'
    ? {
        code: 'FILE_SYMLINK',
        message:
          'is a symbolic link in git; commit the packet itself, a link can point outside the review',
      }
    : {
        code: 'FILE_SUBMODULE',
        message:
          'is a git submodule; packets must be plain files in this repository, remove the submodule',
      };
}
