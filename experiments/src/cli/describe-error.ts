/** Turns Node's system errors into one line that names the file and what to do. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  const path = (error as NodeJS.ErrnoException).path;
  switch (code) {
    case 'ENOENT':
      return `${path ?? 'file'}: no such file or directory (check the path)`;
    case 'EACCES':
    case 'EPERM':
      return `${path ?? 'file'}: permission denied`;
    case 'EISDIR':
      return `${path ?? 'file'}: is a directory, expected a file`;
    case 'ENOSPC':
      return `${path ?? 'output'}: no space left on the device`;
    default:
      return error.message;
  }
}
