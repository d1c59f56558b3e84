/** The HDR-VDP release families the bridge drives: 2.2.x (`hdrvdp.m`) and 3.x (`hdrvdp3.m`). */
export type HdrVdpVersion = '2.2' | '3';

export const HDRVDP_VERSIONS: readonly HdrVdpVersion[] = ['2.2', '3'];

/**
 * The colour encodings HDR-VDP accepts, which releases know them, how many channels they take and whether
 * values are absolute cd/m^2 (scaled to peakNits) or display values in [0, 1] (passed as they are).
 * 'generic' is left out: it needs a spectral emission file the bridge has no way to ship.
 */
export const ENCODINGS = {
  'rgb-bt.709': { versions: ['2.2', '3'], channels: 3, absolute: true },
  luminance: { versions: ['2.2', '3'], channels: 1, absolute: true },
  XYZ: { versions: ['2.2', '3'], channels: 3, absolute: true },
  'sRGB-display': { versions: ['2.2', '3'], channels: 3, absolute: false },
  'luma-display': { versions: ['2.2', '3'], channels: 1, absolute: false },
  'rgb-native': { versions: ['3'], channels: 3, absolute: true },
  'rgb-bt.2020': { versions: ['3'], channels: 3, absolute: true },
} as const satisfies Record<string, { versions: readonly HdrVdpVersion[]; channels: 1 | 3; absolute: boolean }>;

export type HdrVdpEncoding = keyof typeof ENCODINGS;

export const ENCODING_NAMES = Object.keys(ENCODINGS) as HdrVdpEncoding[];

/**
 * hdrvdp3 tasks that yield a quality correlate. 'civdm' is left out: it returns maps only, no Q.
 */
export const HDRVDP3_TASKS = ['quality', 'side-by-side', 'flicker', 'detection'] as const;

export type HdrVdpTask = (typeof HDRVDP3_TASKS)[number];

export function versionLabel(version: HdrVdpVersion): string {
  return version === '2.2' ? '2.2.x' : '3.x';
}
