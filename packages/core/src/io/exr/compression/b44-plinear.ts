import { floatToHalf, halfTable } from '../half.js';

/**
 * B44 encodes a perceptually linear (pLinear) channel as exp(x / 8) so that its 4x4 blocks quantise
 * evenly; decoding maps each half back through 8 * ln(x). Negative, infinite and NaN inputs become 0,
 * as in OpenEXR's table. The logarithm is rounded to float32 first because the reference table was
 * generated in single precision, so ties round the same way.
 */
function buildLogTable(): Uint16Array {
  const table = new Uint16Array(65536);
  for (let bits = 0; bits < 65536; bits++) {
    const value = halfTable[bits];
    table[bits] = Number.isFinite(value) && !(value < 0) ? floatToHalf(8 * Math.fround(Math.log(value))) : 0;
  }
  return table;
}

let logTable: Uint16Array | undefined;

/** Half bits -> half bits of 8 * ln(value); built on first use since few files have pLinear channels. */
export function pLinearDecodeTable(): Uint16Array {
  logTable ??= buildLogTable();
  return logTable;
}
