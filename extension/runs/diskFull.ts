/** A full disk (or quota) while writing a run: reported as such, with the file, not as a raw ENOSPC. */
const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT']);

export function isDiskFull(error: unknown): boolean {
  return DISK_FULL_CODES.has((error as NodeJS.ErrnoException | undefined)?.code ?? '');
}

export const DISK_FULL_HINT =
  'Free some disk space and train again. Everything recorded before the disk filled up is intact in the run folder.';

/** The same error, with a message that names the file and says the disk is full. */
export function diskFullError(error: unknown, file: string): Error {
  const cause = error as NodeJS.ErrnoException;
  const wrapped = new Error(`The disk is full: could not write ${file} (${cause.code ?? 'ENOSPC'}).`, { cause });
  return Object.assign(wrapped, { code: cause.code });
}
