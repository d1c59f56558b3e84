/** Whether this machine stores multi-byte numbers least significant byte first (every platform Node targets but a few). */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Reverses the byte order of every 32-bit word in place; bit patterns (NaN payloads included) survive. */
export function swapWordBytes(words: Uint32Array): void {
  for (let i = 0; i < words.length; i++) {
    const v = words[i];
    words[i] = ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
  }
}

/**
 * Copies `rows` rows of `rowBytes` bytes from `source` (starting at `sourceOffset`) to `target`, reversing
 * their order: PFM stores the bottom row first.
 */
export function copyRowsFlipped(
  source: Uint8Array,
  sourceOffset: number,
  target: Uint8Array,
  targetOffset: number,
  rows: number,
  rowBytes: number,
): void {
  for (let row = 0; row < rows; row++) {
    const from = sourceOffset + row * rowBytes;
    target.set(source.subarray(from, from + rowBytes), targetOffset + (rows - 1 - row) * rowBytes);
  }
}
