/** The inverse transfers frame extraction applies, by id, and how ffprobe's `color_transfer` names map to them. */
export const TRANSFER_IDS = ['pq', 'hlg', 'bt709', 'srgb', 'gamma2.2', 'gamma2.8', 'linear'] as const;
export type TransferId = (typeof TRANSFER_IDS)[number];

/**
 * ffprobe names -> curve. BT.601 (smpte170m), BT.2020 and xvYCC share the BT.709 OETF; BT.470 System M
 * and B/G are pure 2.2 and 2.8 power laws.
 */
const FFPROBE_TRANSFERS: Readonly<Record<string, TransferId>> = {
  smpte2084: 'pq',
  'arib-std-b67': 'hlg',
  bt709: 'bt709',
  smpte170m: 'bt709',
  'bt2020-10': 'bt709',
  'bt2020-12': 'bt709',
  'iec61966-2-4': 'bt709',
  'iec61966-2-1': 'srgb',
  bt470m: 'gamma2.2',
  bt470bg: 'gamma2.8',
  linear: 'linear',
};

/** Every name a user may give for a transfer: the ids above and ffprobe's names. */
export const TRANSFER_NAMES: readonly string[] = [...new Set([...TRANSFER_IDS, ...Object.keys(FFPROBE_TRANSFERS)])];

/** The curve for a transfer id or ffprobe name; undefined for unknown, unspecified or unsupported names. */
export function parseTransfer(name: string | undefined): TransferId | undefined {
  if (name === undefined) return undefined;
  if ((TRANSFER_IDS as readonly string[]).includes(name)) return name as TransferId;
  return FFPROBE_TRANSFERS[name];
}

/** True for the transfers of HDR signals (absolute or broadcast-relative luminance up to 10000 / 1000+ cd/m2). */
export function isHdrTransfer(transfer: TransferId): boolean {
  return transfer === 'pq' || transfer === 'hlg';
}
