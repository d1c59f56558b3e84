/**
 * RGB primaries (CIE 1931 xy, all with the D65 white point) and the 3x3 matrices between them, derived from
 * the chromaticities as in SMPTE RP 177; BT.2020 -> BT.709 reproduces the matrix of ITU-R BT.2087.
 */
export const PRIMARIES_IDS = ['bt709', 'bt2020', 'smpte170m', 'bt470bg', 'smpte432'] as const;
export type PrimariesId = (typeof PRIMARIES_IDS)[number];

type Xy = readonly [number, number];

const D65: Xy = [0.3127, 0.329];

const CHROMATICITIES: Readonly<Record<PrimariesId, readonly [Xy, Xy, Xy]>> = {
  bt709: [[0.64, 0.33], [0.3, 0.6], [0.15, 0.06]],
  bt2020: [[0.708, 0.292], [0.17, 0.797], [0.131, 0.046]],
  smpte170m: [[0.63, 0.34], [0.31, 0.595], [0.155, 0.07]],
  bt470bg: [[0.64, 0.33], [0.29, 0.6], [0.15, 0.06]],
  smpte432: [[0.68, 0.32], [0.265, 0.69], [0.15, 0.06]],
};

/** Row-major 3x3 matrix. */
export type Matrix3 = readonly [number, number, number, number, number, number, number, number, number];

/** The primaries for an id (ffprobe's `color_primaries` names); undefined for unknown or unsupported names. */
export function parsePrimaries(name: string | undefined): PrimariesId | undefined {
  return name !== undefined && (PRIMARIES_IDS as readonly string[]).includes(name) ? (name as PrimariesId) : undefined;
}

function xyz([x, y]: Xy): [number, number, number] {
  return [x / y, 1, (1 - x - y) / y];
}

function invert(m: Matrix3): Matrix3 {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h;
  const B = f * g - d * i;
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [
    A / det, (c * h - b * i) / det, (b * f - c * e) / det,
    B / det, (a * i - c * g) / det, (c * d - a * f) / det,
    C / det, (b * g - a * h) / det, (a * e - b * d) / det,
  ];
}

function multiply(p: Matrix3, q: Matrix3): Matrix3 {
  const out: number[] = [];
  for (let row = 0; row < 3; row++) {
    for (let col = 0; col < 3; col++) out.push(p[row * 3]! * q[col]! + p[row * 3 + 1]! * q[3 + col]! + p[row * 3 + 2]! * q[6 + col]!);
  }
  return out as unknown as Matrix3;
}

/** Linear RGB in `primaries` -> CIE XYZ (Y = 1 for white). */
function rgbToXyzMatrix(primaries: PrimariesId): Matrix3 {
  const [red, green, blue] = CHROMATICITIES[primaries];
  const [r, g, b] = [xyz(red), xyz(green), xyz(blue)];
  const columns: Matrix3 = [r[0], g[0], b[0], r[1], g[1], b[1], r[2], g[2], b[2]];
  const white = xyz(D65);
  const inverse = invert(columns);
  const scale = [0, 1, 2].map((row) => inverse[row * 3]! * white[0] + inverse[row * 3 + 1]! * white[1] + inverse[row * 3 + 2]! * white[2]);
  return columns.map((value, index) => value * scale[index % 3]!) as unknown as Matrix3;
}

/** Linear RGB in `from` -> linear RGB in `to`. */
export function primariesConversionMatrix(from: PrimariesId, to: PrimariesId): Matrix3 {
  return multiply(invert(rgbToXyzMatrix(to)), rgbToXyzMatrix(from));
}

/** Luminance coefficients (the Y row of RGB -> XYZ) of a set of primaries. */
export function luminanceCoefficients(primaries: PrimariesId): readonly [number, number, number] {
  const m = rgbToXyzMatrix(primaries);
  return [m[3], m[4], m[5]];
}
