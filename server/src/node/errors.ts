// Errors as users read them: short, in words, never a stack trace. Shared by the CLI and
// the file reads the server does too.

export function describeError(e: unknown): string {
  const err = e as NodeJS.ErrnoException | undefined;
  switch (err?.code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'ELOOP':
      return 'too many symbolic links';
    case 'ENAMETOOLONG':
      return 'the path is too long';
  }
  const message = err instanceof Error ? err.message : String(e);
  return message.split('\n')[0];
}
