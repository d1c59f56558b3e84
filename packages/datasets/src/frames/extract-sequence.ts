import { join } from 'node:path';
import { createHdrImage, readHdrFile, type HdrImage } from '@hdr-lab/core';
import { FramesError } from './errors.js';
import { DEFAULT_REFERENCE_WHITE_NITS, type LightScale } from './light-scale.js';
import { applyPrimaries } from './linearise.js';
import { FrameStore, frameFileName, MANIFEST_NAME, type FrameRecord } from './manifest.js';
import { conversionMatrix, DEFAULT_INPUT_FPS, recordedOptions, resolveOutputSettings, settingsHash, type ExtractFramesOptions, type ExtractionSummary } from './options.js';
import { luminanceCoefficients, parsePrimaries } from './primaries.js';
import { SceneScorer } from './scene-score.js';
import { RateSelector } from './selection.js';
import { listSequenceFrames } from './sequence-input.js';
import { contentKey, identifySource } from './source-identity.js';

/** RGB copy of a decoded frame: grey is repeated, alpha dropped. */
function toRgb(image: HdrImage): HdrImage {
  const rgb = createHdrImage(image.width, image.height, 3);
  const step = image.channels;
  for (let p = 0; p < image.width * image.height; p++) {
    for (let c = 0; c < 3; c++) rgb.data[3 * p + c] = image.data[p * step + (step === 1 ? 0 : c)]!;
  }
  return rgb;
}

function refuseVideoOptions(input: string, options: ExtractFramesOptions): void {
  for (const [name, value] of [['--transfer', options.transfer], ['--matrix', options.matrix], ['--range', options.range]] as const) {
    if (value !== undefined) throw new FramesError('invalid-option', `${input}: ${name} describes a video signal; frame sequences are read as linear images`);
  }
}

/**
 * Extracts frames from a sequence of linear HDR images (.exr/.hdr/.pfm) with the same selection as for
 * videos; timestamps are frame number / input fps, and the scene test scores PQ-encoded luminance.
 */
export async function extractSequenceFrames(input: string, options: ExtractFramesOptions): Promise<ExtractionSummary> {
  const output = resolveOutputSettings(options);
  refuseVideoOptions(input, options);
  const sourcePrimaries = options.primaries ?? 'bt709';
  const known = parsePrimaries(sourcePrimaries);
  if (!known) throw new FramesError('invalid-option', `unknown primaries '${sourcePrimaries}': use bt709, bt2020, smpte170m, bt470bg or smpte432`);
  const files = await listSequenceFrames(input);
  const inputFps = options.inputFps ?? DEFAULT_INPUT_FPS;
  const plan = { primaries: conversionMatrix(input, sourcePrimaries, output.toBt709), negatives: output.negatives };
  const primaries = output.toBt709 ? 'bt709' : sourcePrimaries;
  const referenceWhite = options.referenceWhite ?? DEFAULT_REFERENCE_WHITE_NITS;
  const scale: LightScale = { units: 'relative', referenceWhite };
  const recorded = recordedOptions(options, output, { inputFps, primariesFrom: options.primaries === undefined ? 'assumed' : 'option' });
  const scorer = options.sceneThreshold === undefined ? undefined : new SceneScorer(luminanceCoefficients(known), referenceWhite);
  const rate = new RateSelector(options);
  const read = async (file: string) => toRgb((await readHdrFile(file, options.maxPixels === undefined ? {} : { maxPixels: options.maxPixels })).image);

  const store = await FrameStore.open(options.outDir);
  const frames: FrameRecord[] = [];
  let written = 0;
  for (let number = 0; number < files.length && frames.length !== options.maxFrames; number++) {
    const timestamp = number / inputFps;
    if (!rate.keeps(number, timestamp)) continue;
    const file = files[number]!;
    let image: HdrImage | undefined;
    if (scorer) {
      image = await read(file);
      const score = scorer.score(image);
      if (frames.length > 0 && !(score > options.sceneThreshold!)) continue;
    }
    const source = await identifySource(file, output.identity);
    const index = frames.length;
    const fresh = {
      file: frameFileName(index),
      index,
      timestamp,
      timestampSource: 'input-fps' as const,
      input,
      source,
      transfer: 'linear',
      primaries,
      sourcePrimaries,
      ...scale,
      options: recorded,
      settings: settingsHash(recorded, { source: contentKey(source), sequenceFrame: number, primaries, scale }),
    };
    let record = await store.reuse(fresh);
    if (record) {
      options.onFrame?.({ record, action: 'kept' });
    } else {
      image ??= await read(file);
      applyPrimaries(image.data, plan);
      record = await store.write({ ...fresh, width: image.width, height: image.height }, image, output.encode);
      written++;
      options.onFrame?.({ record, action: 'written' });
    }
    frames.push(record);
  }
  const removed = await store.finish();
  return { input, kind: 'sequence', outDir: options.outDir, manifest: join(options.outDir, MANIFEST_NAME), frames, written, kept: frames.length - written, removed };
}
