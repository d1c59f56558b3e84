import { HdrFormatError } from './errors.js';

/**
 * Largest image a decoder will allocate unless told otherwise: 2^27 pixels (e.g. 16384 x 8192), about
 * 2 GiB as RGBA float32. Declared sizes are checked against it before any allocation, so a corrupt or
 * hostile header cannot make the process allocate gigabytes.
 */
export const DEFAULT_MAX_PIXELS = 2 ** 27;

export interface DecodeOptions {
  /** Name used in error messages (usually the file path). */
  source?: string;
  /** Largest width x height accepted; defaults to {@link DEFAULT_MAX_PIXELS}. */
  maxPixels?: number;
}

export interface ResolvedDecodeOptions {
  source: string;
  maxPixels: number;
}

export function resolveDecodeOptions(options: DecodeOptions | undefined): ResolvedDecodeOptions {
  return {
    source: options?.source ?? '<buffer>',
    maxPixels: options?.maxPixels ?? DEFAULT_MAX_PIXELS,
  };
}

/** Validates declared dimensions before anything is allocated for them. */
export function checkDimensions(
  width: number,
  height: number,
  options: ResolvedDecodeOptions,
  offset?: number,
): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new HdrFormatError(options.source, 'positive integer image dimensions', offset, `got ${width}x${height}`);
  }
  if (width * height > options.maxPixels) {
    throw new HdrFormatError(
      options.source,
      `at most ${options.maxPixels} pixels`,
      offset,
      `header declares ${width}x${height} = ${width * height}; raise maxPixels to read larger images`,
    );
  }
}
