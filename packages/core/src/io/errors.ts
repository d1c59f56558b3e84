/**
 * Raised for any file whose bytes cannot be decoded as the image format they claim (or were detected as).
 * The message always names the file, what was expected and where: a user can act on it without a debugger.
 */
export class HdrFormatError extends Error {
  override readonly name = 'HdrFormatError';
  /** The file (path or caller-supplied label) being decoded. */
  readonly source: string;
  /** What the decoder expected to find. */
  readonly expected: string;
  /** Byte offset in the file where the problem was found, when known. */
  readonly offset: number | undefined;

  constructor(source: string, expected: string, offset?: number, detail?: string) {
    const where = offset === undefined ? '' : ` at byte ${offset}`;
    super(`${source}: expected ${expected}${where}${detail ? ` (${detail})` : ''}`);
    this.source = source;
    this.expected = expected;
    this.offset = offset;
  }
}
