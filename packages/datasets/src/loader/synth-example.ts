import type { HdrImage } from '@hdr-lab/core';
import type { Random } from '../random/index.js';
import { runSynthPipeline, type SynthPipeline, type SynthSample } from '../synth/index.js';
import type { ExampleArray, ExampleMaker } from './loader.js';

/** Images of one size laid side by side along the channel axis: [H, W, sum of channels]. */
function concatenateChannels(images: readonly HdrImage[]): ExampleArray {
  const { width, height } = images[0]!;
  const channels = images.reduce((sum, image) => sum + image.channels, 0);
  const data = new Float32Array(width * height * channels);
  for (let p = 0; p < width * height; p++) {
    let at = p * channels;
    for (const image of images) {
      data.set(image.data.subarray(p * image.channels, (p + 1) * image.channels), at);
      at += image.channels;
    }
  }
  return { data, shape: [height, width, channels] };
}

export interface SynthExampleOptions {
  /** Which exposures form the input, by index (default: all, in the pipeline's order). */
  readonly pick?: (sample: SynthSample, random: Random) => readonly number[];
}

/**
 * An ExampleMaker that runs a synthesis pipeline on each prepared sample, seeded by the sample's own
 * stream: `input` = the picked exposures concatenated along channels, `target` = the ground truth, and
 * `companions` = their linearised companions when the pipeline makes them (multi-exposure models).
 */
export function synthExample(pipeline: SynthPipeline, options: SynthExampleOptions = {}): ExampleMaker {
  return async (image, _sample, random) => {
    const { sample } = await runSynthPipeline(pipeline, image, random.path.join('/'));
    const picked = options.pick ? options.pick(sample, random.derive('pick')) : sample.exposures.map((_, index) => index);
    const example: Record<string, ExampleArray> = {
      input: concatenateChannels(picked.map((index) => sample.exposures[index]!.image)),
      target: concatenateChannels([sample.groundTruth]),
    };
    if (sample.companions) example['companions'] = concatenateChannels(picked.map((index) => sample.companions![index]!));
    return example;
  };
}
