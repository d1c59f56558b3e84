import { createHash } from 'node:crypto';
import { FramesError } from './errors.js';
import type { FfmpegPaths } from './ffmpeg-tools.js';
import type { NegativeValues } from './linearise.js';
import type { FrameRecord } from './manifest.js';
import { parsePrimaries, primariesConversionMatrix, type Matrix3 } from './primaries.js';
import { checkSelection, type FrameSelection } from './selection.js';
import type { SignalOverrides } from './signal.js';
import type { IdentityKind } from './source-identity.js';

/** Frame rate assumed for a frame sequence when none is given; recorded with every timestamp. */
export const DEFAULT_INPUT_FPS = 24;

export interface FrameEvent {
  readonly record: FrameRecord;
  /** `kept`: an earlier run wrote this frame with the same settings and it was left alone. */
  readonly action: 'written' | 'kept';
}

export interface ExtractFramesOptions extends FrameSelection, FfmpegPaths, SignalOverrides {
  readonly outDir: string;
  /** Convert to BT.709 primaries (linear 3x3 matrix); default: keep the source primaries. */
  readonly toBt709?: boolean;
  /** Negative components after the conversion: kept (default, lossless) or clipped to 0. */
  readonly negatives?: NegativeValues;
  /** HLG display peak L_W in cd/m2 for the OOTF; default 1000 (system gamma 1.2). */
  readonly hlgPeak?: number;
  /** cd/m2 recorded for relative value 1 (SDR and linear sources); default 100. */
  readonly referenceWhite?: number;
  /** OpenEXR sample type; default `half`. */
  readonly pixelType?: 'half' | 'float';
  /** OpenEXR compression; default `zip`. */
  readonly compression?: 'none' | 'zip';
  /** Frame rate of a frame sequence (timestamps are frame / fps); default 24. */
  readonly inputFps?: number;
  /** How sources are identified in the manifest; default `sha256`. */
  readonly identity?: IdentityKind;
  /** Largest frame of a sequence accepted (pixels). */
  readonly maxPixels?: number;
  readonly onFrame?: (event: FrameEvent) => void;
}

export interface ExtractionSummary {
  readonly input: string;
  readonly kind: 'video' | 'sequence';
  readonly outDir: string;
  readonly manifest: string;
  readonly frames: readonly FrameRecord[];
  readonly written: number;
  readonly kept: number;
  /** Frame files of an earlier run with other settings that this run removed. */
  readonly removed: readonly string[];
}

/** The output settings with defaults filled in, as recorded in the manifest. */
export interface OutputSettings {
  readonly toBt709: boolean;
  readonly negatives: NegativeValues;
  readonly encode: { readonly pixelType: 'half' | 'float'; readonly compression: 'none' | 'zip' };
  readonly identity: IdentityKind;
}

function positive(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
    throw new FramesError('invalid-option', `${name} must be a positive number, got ${value}`);
  }
}

/** Checks every option and fills the output defaults. */
export function resolveOutputSettings(options: ExtractFramesOptions): OutputSettings {
  checkSelection(options);
  positive('--hlg-peak', options.hlgPeak);
  positive('--reference-white', options.referenceWhite);
  positive('--input-fps', options.inputFps);
  positive('--max-pixels', options.maxPixels);
  if (!options.outDir) throw new FramesError('invalid-option', 'an output folder is required (--out DIR)');
  return {
    toBt709: options.toBt709 ?? false,
    negatives: options.negatives ?? 'keep',
    encode: { pixelType: options.pixelType ?? 'half', compression: options.compression ?? 'zip' },
    identity: options.identity ?? 'sha256',
  };
}

/** The options recorded with each frame (those that shape it, and the selection that numbered it). */
export function recordedOptions(options: ExtractFramesOptions, output: OutputSettings, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    every: options.every,
    fps: options.fps,
    sceneThreshold: options.sceneThreshold,
    maxFrames: options.maxFrames,
    toBt709: output.toBt709,
    negatives: output.negatives,
    pixelType: output.encode.pixelType,
    compression: output.encode.compression,
    identity: output.identity,
    ...extra,
  };
}

/**
 * A short hash of everything that decides a frame's pixels and number: `parts` plus the recorded options
 * except `maxFrames` (it only stops a run early, so raising it extends an earlier run) and `identity`.
 */
export function settingsHash(recorded: Record<string, unknown>, parts: Record<string, unknown>): string {
  const { maxFrames: _maxFrames, identity: _identity, ...options } = recorded;
  return createHash('sha256').update(JSON.stringify({ ...parts, options })).digest('hex').slice(0, 16);
}

/** The BT.709 conversion for `primaries`, or none when they are kept or already BT.709. */
export function conversionMatrix(input: string, primaries: string, toBt709: boolean): Matrix3 | undefined {
  if (!toBt709 || primaries === 'bt709') return undefined;
  const known = parsePrimaries(primaries);
  if (!known) {
    throw new FramesError(
      'unsupported-signal',
      `${input}: cannot convert primaries '${primaries}' to BT.709 (known: bt2020, smpte170m, bt470bg, smpte432); name the primaries (--primaries) or keep them`,
    );
  }
  return primariesConversionMatrix(known, 'bt709');
}
