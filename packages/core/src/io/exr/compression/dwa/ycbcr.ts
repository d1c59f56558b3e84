/**
 * Inverse Rec. 709 Y'CbCr -> R'G'B' without offsets, with the coefficients and operation order of
 * OpenEXR's csc709Inverse, in single precision. Converts `count` samples in place: Y' becomes R', Cb
 * becomes G', Cr becomes B'.
 */
const CR_TO_R = Math.fround(1.5747);
const CB_TO_G = Math.fround(0.1873);
const CR_TO_G = Math.fround(0.4682);
const CB_TO_B = Math.fround(1.8556);

export function ycbcrToRgb(y: Float32Array, cb: Float32Array, cr: Float32Array, count: number): void {
  for (let i = 0; i < count; i++) {
    const luma = y[i];
    const blueDifference = cb[i];
    const redDifference = cr[i];
    y[i] = luma + Math.fround(redDifference * CR_TO_R);
    cb[i] = Math.fround(luma - Math.fround(blueDifference * CB_TO_G)) - Math.fround(redDifference * CR_TO_G);
    cr[i] = luma + Math.fround(blueDifference * CB_TO_B);
  }
}
