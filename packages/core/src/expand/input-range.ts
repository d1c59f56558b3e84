import type { HdrImage } from '../image/hdr-image.js';

/** What the registry does with samples outside [0, 1] or not finite. */
export type OutOfRangePolicy = 'error' | 'clamp';

/**
 * An expansion input with samples outside [0, 1] or not finite. HDR Toolbox's check only rejects images
 * with values both below 0 and above 1 and lets NaN through; here any such sample is an error, because it
 * usually means scene-referred data was passed where display-encoded LDR was expected.
 */
export class ExpansionInputError extends RangeError {
  override readonly name = 'ExpansionInputError';
  constructor(
    readonly count: number,
    readonly first: { readonly x: number; readonly y: number; readonly channel: number; readonly value: number },
  ) {
    super(
      `${count} sample(s) outside [0, 1] or not finite; the first at x=${first.x}, y=${first.y}, channel ${first.channel} is ` +
        `${first.value}. Expansion operators take display-encoded LDR values in [0, 1]; pass outOfRange: 'clamp' to clamp them (NaN to 0).`,
    );
  }
}

const inRange = (value: number) => value >= 0 && value <= 1;

function colourChannels(image: HdrImage): number {
  return image.channels === 4 ? 3 : image.channels;
}

/** Throws ExpansionInputError naming the count and the first offending sample; alpha is not checked. */
export function checkDisplayRange(image: HdrImage): void {
  const { channels, data } = image;
  const colours = colourChannels(image);
  let count = 0;
  let first = -1;
  for (let i = 0; i < data.length; i++) {
    if (i % channels < colours && !inRange(data[i]!)) {
      if (count++ === 0) first = i;
    }
  }
  if (count === 0) return;
  const pixel = Math.floor(first / channels);
  throw new ExpansionInputError(count, {
    x: pixel % image.width,
    y: Math.floor(pixel / image.width),
    channel: first % channels,
    value: data[first]!,
  });
}

/** Clamps colour samples to [0, 1] (NaN to 0) and says how many changed; alpha is kept as it is. */
export function clampToDisplayRange(image: HdrImage): { image: HdrImage; clamped: number } {
  const { channels } = image;
  const colours = colourChannels(image);
  const data = image.data.slice();
  let clamped = 0;
  for (let i = 0; i < data.length; i++) {
    const value = data[i]!;
    if (i % channels >= colours || inRange(value)) continue;
    data[i] = value > 1 ? 1 : 0;
    clamped++;
  }
  return { image: { ...image, data }, clamped };
}
