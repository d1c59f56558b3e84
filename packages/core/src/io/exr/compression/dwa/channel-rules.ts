import { ExrPixelType, type ExrBlockChannel } from '../types.js';

/** How DWA stores one channel: zlib as is, lossy 8x8 DCT, or byte-plane RLE then zlib. */
export const DwaScheme = { Unknown: 0, LossyDct: 1, Rle: 2 } as const;
export type DwaScheme = (typeof DwaScheme)[keyof typeof DwaScheme];

/**
 * One classification rule: channels whose name suffix (the part after the last '.') and pixel type match
 * get `scheme`; `cscIndex` 0, 1 or 2 marks the R, G or B member of a colour set, -1 none.
 */
export interface DwaChannelRule {
  readonly suffix: string;
  readonly scheme: DwaScheme;
  readonly pixelType: ExrPixelType;
  readonly cscIndex: number;
  /** The channel suffix is lower-cased before comparing; the rule's own suffix is compared as stored. */
  readonly caseInsensitive: boolean;
}

function lossyRules(suffix: string, cscIndex: number): DwaChannelRule[] {
  return [ExrPixelType.Half, ExrPixelType.Float].map((pixelType) => ({
    suffix,
    scheme: DwaScheme.LossyDct,
    pixelType,
    cscIndex,
    caseInsensitive: true,
  }));
}

/** The rules that chunks of version 0 and 1 imply, since they do not store their own. */
export const LEGACY_CHANNEL_RULES: readonly DwaChannelRule[] = [
  ...lossyRules('r', 0),
  ...lossyRules('red', 0),
  ...lossyRules('g', 1),
  ...lossyRules('grn', 1),
  ...lossyRules('green', 1),
  ...lossyRules('b', 2),
  ...lossyRules('blu', 2),
  ...lossyRules('blue', 2),
  ...lossyRules('y', -1),
  ...lossyRules('by', -1),
  ...lossyRules('ry', -1),
  ...[ExrPixelType.Uint, ExrPixelType.Half, ExrPixelType.Float].map((pixelType) => ({
    suffix: 'a',
    scheme: DwaScheme.Rle,
    pixelType,
    cscIndex: -1,
    caseInsensitive: true,
  })),
];

export interface DwaChannelPlan {
  /** Scheme of each channel of the block, in the block's channel order. */
  readonly schemes: readonly DwaScheme[];
  /**
   * Channel indices (R, G, B) of each colour set stored as Y'CbCr, in the order the writer packed them:
   * by layer prefix, compared as OpenEXR's std::map compares strings.
   */
  readonly cscSets: readonly (readonly [number, number, number])[];
}

function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => String.fromCharCode(letter.charCodeAt(0) + 32));
}

function matches(rule: DwaChannelRule, suffix: string, pixelType: ExrPixelType): boolean {
  if (rule.pixelType !== pixelType) return false;
  return (rule.caseInsensitive ? asciiLowerCase(suffix) : suffix) === rule.suffix;
}

/** UTF-8 byte order, which is what std::string comparison of the stored names amounts to. */
function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/**
 * Applies the rules as OpenEXR does: every matching rule is applied in order, so the last one decides the
 * scheme, and any matching rule with a colour index files the channel in its layer's colour set.
 */
export function classifyChannels(
  channels: readonly ExrBlockChannel[],
  rules: readonly DwaChannelRule[],
): DwaChannelPlan {
  const schemes: DwaScheme[] = [];
  const layers = new Map<string, [number, number, number]>();
  channels.forEach((channel, index) => {
    const dot = channel.name.lastIndexOf('.');
    const prefix = dot < 0 ? '' : channel.name.slice(0, dot);
    const suffix = channel.name.slice(dot + 1);
    let layer = layers.get(prefix);
    if (!layer) {
      layer = [-1, -1, -1];
      layers.set(prefix, layer);
    }
    let scheme: DwaScheme = DwaScheme.Unknown;
    for (const rule of rules) {
      if (!matches(rule, suffix, channel.pixelType)) continue;
      scheme = rule.scheme;
      if (rule.cscIndex >= 0) layer[rule.cscIndex] = index;
    }
    schemes.push(scheme);
  });
  const cscSets = [...layers.entries()]
    .filter(([, set]) => set[0] >= 0 && set[1] >= 0 && set[2] >= 0)
    .sort(([a], [b]) => compareCodePoints(a, b))
    .map(([, set]) => set);
  return { schemes, cscSets };
}
