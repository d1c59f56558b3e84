import { createHdrImage, gammaDecode, srgbDecode, type HdrImage } from '@hdr-lab/core';
import type { LightScale } from './light-scale.js';
import type { Matrix3 } from './primaries.js';
import { TabulatedCurve } from './tabulated-curve.js';
import { bt709InverseOetf, hlgInverseOetf, pqEotf } from './transfer-functions.js';
import type { TransferId } from './transfers.js';

/** What becomes of negative components after a primaries conversion (colours outside the target gamut). */
export type NegativeValues = 'keep' | 'clip';

/** Everything needed to turn non-linear RGB code values into the linear frame that is written. */
export interface LinearisePlan {
  readonly transfer: TransferId;
  readonly scale: LightScale;
  /** Linear RGB conversion to the output primaries; absent when they are kept. */
  readonly primaries?: Matrix3;
  readonly negatives: NegativeValues;
}

/** BT.2100 luminance weights of scene light for the HLG OOTF (BT.2020 primaries). */
const HLG_Y = [0.2627, 0.678, 0.0593] as const;

function exactCurve(transfer: Exclude<TransferId, 'linear'>): (signal: number) => number {
  switch (transfer) {
    case 'pq':
      return pqEotf;
    case 'hlg':
      return hlgInverseOetf;
    case 'bt709':
      return bt709InverseOetf;
    case 'srgb':
      return (signal) => srgbDecode(Math.max(signal, 0));
    case 'gamma2.2':
      return (signal) => gammaDecode(Math.max(signal, 0), 2.2);
    case 'gamma2.8':
      return (signal) => gammaDecode(Math.max(signal, 0), 2.8);
  }
}

const tables = new Map<TransferId, TabulatedCurve>();

/** The curve of `transfer` as a table (built once per process); none for `linear`, which is the identity. */
export function tabulatedCurve(transfer: TransferId): TabulatedCurve | undefined {
  if (transfer === 'linear') return undefined;
  let table = tables.get(transfer);
  if (!table) {
    table = new TabulatedCurve(exactCurve(transfer));
    tables.set(transfer, table);
  }
  return table;
}

/** Primaries conversion and negative handling on interleaved linear RGB, in place. */
export function applyPrimaries(data: Float32Array, plan: Pick<LinearisePlan, 'primaries' | 'negatives'>): void {
  const m = plan.primaries;
  const clip = plan.negatives === 'clip';
  if (!m && !clip) return;
  for (let i = 0; i < data.length; i += 3) {
    let r = data[i]!;
    let g = data[i + 1]!;
    let b = data[i + 2]!;
    if (m) {
      [r, g, b] = [m[0] * r + m[1] * g + m[2] * b, m[3] * r + m[4] * g + m[5] * b, m[6] * r + m[7] * g + m[8] * b];
    }
    data[i] = clip ? Math.max(r, 0) : r;
    data[i + 1] = clip ? Math.max(g, 0) : g;
    data[i + 2] = clip ? Math.max(b, 0) : b;
  }
}

/**
 * Turns one frame of non-linear code values, as ffmpeg's planar float RGB (planes G, B, R, full range), into
 * linear interleaved RGB: inverse transfer (PQ EOTF in cd/m2; HLG inverse OETF then the BT.2100 OOTF in
 * cd/m2; SDR curves relative), then the primaries conversion.
 */
export function lineariseGbrPlanes(planes: Float32Array, width: number, height: number, plan: LinearisePlan): HdrImage {
  const pixels = width * height;
  if (planes.length !== pixels * 3) throw new RangeError(`a ${width}x${height} frame has ${pixels * 3} samples, got ${planes.length}`);
  const image = createHdrImage(width, height, 3);
  const out = image.data;
  const curve = tabulatedCurve(plan.transfer);
  const hlg = plan.scale.hlg;
  for (let p = 0; p < pixels; p++) {
    let r = planes[2 * pixels + p]!;
    let g = planes[p]!;
    let b = planes[pixels + p]!;
    if (curve) {
      r = curve.at(r);
      g = curve.at(g);
      b = curve.at(b);
    }
    if (hlg) {
      const y = HLG_Y[0] * r + HLG_Y[1] * g + HLG_Y[2] * b;
      const gain = y > 0 ? hlg.nominalPeak * Math.pow(y, hlg.systemGamma - 1) : 0;
      r *= gain;
      g *= gain;
      b *= gain;
    }
    out[3 * p] = r;
    out[3 * p + 1] = g;
    out[3 * p + 2] = b;
  }
  applyPrimaries(out, plan);
  return image;
}
