import type { ChannelCount } from '../../image/hdr-image.js';
import { HdrFormatError } from '../errors.js';
import type { ExrChannel } from './attributes.js';
import { ExrPixelType } from './compression/types.js';

/**
 * Which stored channels become the decoded image. In order of preference: unprefixed R,G,B (+A);
 * unprefixed Y; the first layer (by name) with R,G,B (+A), e.g. `diffuse.R`; the first layer with Y.
 * A luminance image decodes to one channel: an A beside Y is left out (and reported), since a grey+alpha
 * image has no place among 1, 3 and 4 channels and replicating Y into RGB would invent colour data.
 */
export interface ChannelSelection {
  readonly channels: ChannelCount;
  /** For each stored channel (in stored order), the interleaved output channel it fills, or -1. */
  readonly targets: readonly number[];
  /** Stored names of the decoded channels, in output order. */
  readonly decodedNames: readonly string[];
  /** Layer prefix the channels came from (`diffuse` for `diffuse.R`), or '' for unprefixed names. */
  readonly layer: string;
  /** Alpha stored beside a luminance channel and not decoded. */
  readonly droppedAlpha: string | undefined;
  /** `half`, `float`, `uint`, or `mixed` across the decoded channels. */
  readonly pixelType: string;
}

const PIXEL_TYPE_NAMES: Readonly<Record<ExrPixelType, string>> = {
  [ExrPixelType.Uint]: 'uint',
  [ExrPixelType.Half]: 'half',
  [ExrPixelType.Float]: 'float',
};

function splitName(name: string): [layer: string, base: string] {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? ['', name] : [name.slice(0, dot), name.slice(dot + 1)];
}

function prefixed(layer: string, base: string): string {
  return layer === '' ? base : `${layer}.${base}`;
}

function layerNames(channels: readonly ExrChannel[]): string[] {
  const layers = new Set<string>();
  for (const channel of channels) layers.add(splitName(channel.name)[0]);
  return [...layers].sort();
}

interface PickedNames {
  readonly layer: string;
  readonly names: string[];
  readonly droppedAlpha?: string;
}

function pickNames(channels: readonly ExrChannel[]): PickedNames | undefined {
  const stored = new Set(channels.map((channel) => channel.name));
  const has = (layer: string, base: string) => stored.has(prefixed(layer, base));
  const isColour = (layer: string) => has(layer, 'R') && has(layer, 'G') && has(layer, 'B');
  const isGrey = (layer: string) => has(layer, 'Y');
  const alphaOf = (layer: string) => (has(layer, 'A') ? prefixed(layer, 'A') : undefined);
  const colour = (layer: string): PickedNames => {
    const names = ['R', 'G', 'B'].map((base) => prefixed(layer, base));
    const alpha = alphaOf(layer);
    return { layer, names: alpha === undefined ? names : [...names, alpha] };
  };
  const grey = (layer: string): PickedNames => {
    const alpha = alphaOf(layer);
    return { layer, names: [prefixed(layer, 'Y')], ...(alpha === undefined ? {} : { droppedAlpha: alpha }) };
  };
  if (isColour('')) return colour('');
  if (isGrey('')) return grey('');
  const layers = layerNames(channels);
  const colourLayer = layers.find(isColour);
  if (colourLayer !== undefined) return colour(colourLayer);
  const greyLayer = layers.find(isGrey);
  return greyLayer === undefined ? undefined : grey(greyLayer);
}

function rejectUnsupportedSampling(channels: readonly ExrChannel[], source: string, offset: number): void {
  const chroma = channels.find((channel) => {
    const base = splitName(channel.name)[1];
    return base === 'RY' || base === 'BY';
  });
  if (chroma !== undefined) {
    throw new HdrFormatError(
      source,
      'RGB(A) or Y channels',
      offset,
      `luminance/chroma images (channel "${chroma.name}") are not supported`,
    );
  }
  const subsampled = channels.find((channel) => channel.xSampling !== 1 || channel.ySampling !== 1);
  if (subsampled !== undefined) {
    throw new HdrFormatError(
      source,
      'channels sampled at every pixel',
      offset,
      `channel "${subsampled.name}" has sampling ${subsampled.xSampling}x${subsampled.ySampling}, which is not supported`,
    );
  }
}

/** Chooses the decoded channels; `offset` (the header's end) is only for error messages. */
export function selectChannels(channels: readonly ExrChannel[], source: string, offset: number): ChannelSelection {
  rejectUnsupportedSampling(channels, source, offset);
  const picked = pickNames(channels);
  if (picked === undefined) {
    const found = channels.map((channel) => channel.name).join(', ');
    const expected = 'R,G,B[,A] or Y channels (optionally in a layer such as "diffuse.R")';
    throw new HdrFormatError(source, expected, offset, `found ${found}`);
  }
  const targets = channels.map((channel) => picked.names.indexOf(channel.name));
  const types = new Set(channels.filter((_, i) => targets[i] >= 0).map((channel) => PIXEL_TYPE_NAMES[channel.pixelType]));
  return {
    channels: picked.names.length as ChannelCount,
    targets,
    decodedNames: picked.names,
    layer: picked.layer,
    droppedAlpha: picked.droppedAlpha,
    pixelType: types.size === 1 ? [...types][0] : 'mixed',
  };
}
