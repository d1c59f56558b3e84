import { floatToHalf, halfTable } from '../../half.js';

let table: Uint16Array | undefined;

/**
 * DWA codes colour in a perceptual space: x^2.2 up to 1 and e^(2.2 (x - 1)) above, odd around 0. This is
 * the half -> half table that undoes it, bit-identical to the one compiled into OpenEXR (dwaLookups.h):
 * the power runs on single-precision operands (exponent 2.2f), and infinities and NaNs map to 0.
 */
function buildToLinearTable(): Uint16Array {
  const result = new Uint16Array(65536);
  const exponent = Math.fround(2.2);
  const logBase = Math.fround(Math.pow(2.7182818, 2.2));
  for (let bits = 1; bits < 65536; bits++) {
    if ((bits & 0x7c00) === 0x7c00) continue;
    const value = halfTable[bits];
    const magnitude = Math.abs(value);
    const sign = value < 0 ? -1 : 1;
    const linear =
      magnitude <= 1
        ? Math.fround(Math.pow(magnitude, exponent))
        : Math.fround(Math.pow(logBase, Math.fround(magnitude - 1)));
    result[bits] = floatToHalf(sign * linear);
  }
  return result;
}

/** The table is built on first use: 64 Ki power evaluations that only DWA files need. */
export function toLinearTable(): Uint16Array {
  table ??= buildToLinearTable();
  return table;
}
