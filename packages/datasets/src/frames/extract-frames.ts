import { resolve } from 'node:path';
import { extractSequenceFrames } from './extract-sequence.js';
import { extractVideoFrames } from './extract-video.js';
import type { ExtractFramesOptions, ExtractionSummary } from './options.js';
import { isSequenceInput } from './sequence-input.js';

/**
 * Extracts linear HDR frames as EXR files plus `frames.jsonl` into `options.outDir`, from a video (decoded
 * by ffmpeg) or from a frame sequence (a folder of .exr/.hdr/.pfm, a printf pattern, or one image). A re-run
 * with the same settings keeps the frames already written.
 */
export async function extractFrames(input: string, options: ExtractFramesOptions): Promise<ExtractionSummary> {
  const absolute = resolve(input);
  const resolved = { ...options, outDir: resolve(options.outDir) };
  return (await isSequenceInput(absolute)) ? extractSequenceFrames(absolute, resolved) : extractVideoFrames(absolute, resolved);
}
