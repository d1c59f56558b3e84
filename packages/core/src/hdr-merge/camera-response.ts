import { HdrMergeError } from './errors.js';
import { LEVELS } from './hat-weights.js';
import type { SamplePoint } from './sample-points.js';

/**
 * A recovered camera response, per channel: g(z) = ln X for code z, X the exposure (radiance times
 * exposure time) in units where g(128) = 0. Natural log, 256 entries a channel. OpenCV returns exp(g);
 * linearResponse gives that form.
 */
export interface CameraResponse {
  readonly domain: 'log';
  readonly channels: readonly Float64Array[];
  /** The pixels whose values built the system (empty for a response imported from elsewhere). */
  readonly samplePoints: readonly SamplePoint[];
}

/** exp(g) per channel: the linear inverse response, the form OpenCV's CalibrateDebevec returns. */
export function linearResponse(response: CameraResponse): Float64Array[] {
  return response.channels.map((curve) => curve.map(Math.exp));
}

/**
 * Imports linear inverse responses (one 256-entry curve a channel, e.g. OpenCV's CalibrateDebevec output
 * split by channel). They are used as given: no renormalisation to g(128) = 0, since a merge with them
 * should reproduce the tool they came from.
 */
export function responseFromLinear(curves: readonly ArrayLike<number>[]): CameraResponse {
  if (curves.length !== 1 && curves.length !== 3) {
    throw new HdrMergeError(`a response has 1 or 3 channel curves, got ${curves.length}`);
  }
  const channels = curves.map((curve, channel) => {
    if (curve.length !== LEVELS) {
      throw new HdrMergeError(`response curve ${channel} has ${curve.length} entries, expected ${LEVELS} (one per 8-bit code)`);
    }
    return Float64Array.from(curve, (value, z) => {
      if (!(value > 0) || !Number.isFinite(value)) {
        throw new HdrMergeError(`response curve ${channel} is ${value} at code ${z}; a linear response must be finite and positive`);
      }
      return Math.log(value);
    });
  });
  return { domain: 'log', channels, samplePoints: [] };
}

