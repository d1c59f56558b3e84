/** Raised for an exposure stack, option or response the Debevec-Malik code cannot use; the message names the fix. */
export class HdrMergeError extends Error {
  override readonly name = 'HdrMergeError';
}
