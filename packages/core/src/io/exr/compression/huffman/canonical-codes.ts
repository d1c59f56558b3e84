import { codeTableError, HUFFMAN_ALPHABET_SIZE, MAX_CODE_LENGTH, type CodeLengths } from './code-lengths.js';

/**
 * Code values stay below the number of coded symbols (at most 65537 < 2^17): codes of this length or longer
 * always fit, and 32-bit integer arithmetic is exact.
 */
const ALWAYS_FITS_LENGTH = 17;

/** A code table with the code of every coded symbol, as OpenEXR's encoder assigns them. */
export interface CanonicalCode extends CodeLengths {
  /** The code of `symbols[u]` for the first `count` entries, in arrays shared between calls like the lengths. */
  readonly codes: Int32Array;
  /** Per code length, the numerically lowest code of that length. */
  readonly firstCode: Int32Array;
  readonly maxLength: number;
}

const sharedCodes = new Int32Array(HUFFMAN_ALPHABET_SIZE);

/**
 * OpenEXR's canonical code: codes are assigned from the longest length down, each length starting at half the
 * end of the next longer one (dropping a bit), in symbol order within a length. The table is rejected unless
 * the result is a prefix code: every length's codes must fit in that length, and no dropped bit may be set
 * while shorter codes remain, since the next shorter codes would then start inside the longer ones' range.
 * Decoders can then fill their tables without checking for collisions.
 */
export function assignCanonicalCodes(table: CodeLengths, source: string, offset: number): CanonicalCode {
  const { symbols, lengths, count, perLength, end } = table;
  const firstCode = new Int32Array(MAX_CODE_LENGTH + 1);
  let next = 0;
  let maxLength = 0;
  let droppedBit = false;
  for (let length = MAX_CODE_LENGTH; length > 0; length--) {
    const codesOfLength = perLength[length];
    firstCode[length] = next;
    if (codesOfLength > 0) {
      if (maxLength === 0) maxLength = length;
      if (droppedBit) throw codeTableError(source, offset, `the ${length}-bit codes overlap longer codes`);
      if (length < ALWAYS_FITS_LENGTH && next + codesOfLength > 1 << length) {
        throw codeTableError(source, offset, `${codesOfLength} codes of length ${length} overflow it`);
      }
    }
    const rangeEnd = next + codesOfLength;
    if ((rangeEnd & 1) !== 0) droppedBit = true;
    next = rangeEnd >> 1;
  }
  const nextCode = firstCode.slice();
  for (let u = 0; u < count; u++) sharedCodes[u] = nextCode[lengths[u]]++;
  // A literal rather than a spread: V8 gives a spread copy a slower object layout, which every read of the
  // code's fields in the table builders then pays for.
  return { symbols, lengths, count, perLength, end, codes: sharedCodes, firstCode, maxLength };
}
