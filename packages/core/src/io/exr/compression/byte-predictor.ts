/**
 * The byte reordering and delta predictor that OpenEXR's RLE and ZIP compressions wrap around their
 * entropy coder: the bytes of a block are split into even- and odd-indexed halves (so the low and high
 * bytes of 16-bit samples sit together), then each byte is replaced by its difference to the previous one
 * plus 128 (modulo 256).
 */

/**
 * Undoes the predictor and interleaves the two halves back, returning a new array; `predicted` is left
 * untouched. Both halves are restored in one pass, as two independent running sums, after a quick sum over
 * the first half has given the value the second half starts from.
 */
export function undoPredictorAndReorder(predicted: Uint8Array): Uint8Array {
  const length = predicted.length;
  const out = new Uint8Array(length);
  if (length === 0) return out;
  const half = (length + 1) >> 1;
  const pairs = length >> 1;
  // Adding 128 is subtracting 128 modulo 256.
  let lastOfFirstHalf = predicted[0];
  for (let i = 1; i < half; i++) lastOfFirstHalf = (lastOfFirstHalf + predicted[i] + 128) & 0xff;
  // Each 16-bit store writes an even byte then an odd one (little-endian, as typed arrays are here).
  const pairsOut = new Uint16Array(out.buffer, 0, pairs);
  // Starting at 128 makes the first step yield predicted[0] itself, which has no predecessor.
  let even = 128;
  let odd = lastOfFirstHalf;
  for (let i = 0; i < pairs; i++) {
    even = (even + predicted[i] + 128) & 0xff;
    odd = (odd + predicted[half + i] + 128) & 0xff;
    pairsOut[i] = even | (odd << 8);
  }
  if (length & 1) out[length - 1] = lastOfFirstHalf;
  return out;
}

/** The inverse of {@link undoPredictorAndReorder}: what the writer feeds to deflate. */
export function reorderAndPredict(raw: Uint8Array): Uint8Array {
  const length = raw.length;
  const predicted = new Uint8Array(length);
  const half = (length + 1) >> 1;
  for (let i = 0, o = 0; o < length; i++, o += 2) {
    predicted[i] = raw[o];
    if (o + 1 < length) predicted[half + i] = raw[o + 1];
  }
  let previous = predicted[0] ?? 0;
  for (let i = 1; i < length; i++) {
    const current = predicted[i];
    predicted[i] = (current - previous + 128) & 0xff;
    previous = current;
  }
  return predicted;
}
