/**
 * CIE XYZ to linear BT.709 / sRGB primaries with a D65 white (IEC 61966-2-1), the matrix most tools assume
 * for Radiance's XYZE pictures. Out-of-gamut colours come out with negative components; they are kept, as
 * the image is linear float and clipping would lose information.
 */
const XYZ_TO_BT709 = [
  3.2404542, -1.5371385, -0.4985314,
  -0.969266, 1.8760108, 0.041556,
  0.0556434, -0.2040259, 1.0572252,
] as const;

export const XYZ_CONVERSION_NOTE = 'CIE XYZ converted to linear BT.709 RGB (D65, IEC 61966-2-1 matrix)';

/** Converts interleaved XYZ triples to RGB in place. */
export function convertXyzToBt709(data: Float32Array): void {
  const [m00, m01, m02, m10, m11, m12, m20, m21, m22] = XYZ_TO_BT709;
  for (let i = 0; i < data.length; i += 3) {
    const x = data[i];
    const y = data[i + 1];
    const z = data[i + 2];
    data[i] = m00 * x + m01 * y + m02 * z;
    data[i + 1] = m10 * x + m11 * y + m12 * z;
    data[i + 2] = m20 * x + m21 * y + m22 * z;
  }
}
