/**
 * What the shell learned from one evidence file, handed to the rules as data.
 * TODO: filled in by the evidence readers (export totals by scope and owner).
 */
export interface EvidenceFacts {
  path: string;
  /** sha256 of the bytes read; absent when the file could not be read. */
  sha256?: string;
  /** Why the file could not be used (outside the repository, missing, a symlink...). */
  problem?: { code: string; message: string };
}
