import { ConfigError } from '@hdr-lab/core';
import { parseSynthPipeline, runSynthPipeline, SYNTH_PRESETS, type ExampleMaker, type SynthPipeline } from '@hdr-lab/datasets';
import type { ModelData } from '@hdr-lab/models';

/** A model's synthesis pipeline: a preset of @hdr-lab/datasets by name, or its own step list. */
export function modelPipeline(data: ModelData, modelId: string): SynthPipeline {
  if (typeof data.synth === 'string') {
    const steps = (SYNTH_PRESETS as Record<string, unknown>)[data.synth];
    if (!steps) throw new ConfigError(`model ${modelId} asks for synthesis preset '${data.synth}', which @hdr-lab/datasets does not have (known: ${Object.keys(SYNTH_PRESETS).join(', ')})`);
    return parseSynthPipeline(steps, { label: `${modelId}.synth` });
  }
  return parseSynthPipeline(data.synth, { label: `${modelId}.synth` });
}

/**
 * The loader's example maker for a model: the sample's own random stream seeds the synthesis and the
 * model's draws, so a batch is the same whether it is made in a first run or after a resume.
 */
export function modelExamples(data: ModelData, modelId: string): ExampleMaker {
  const pipeline = modelPipeline(data, modelId);
  return async (image, _sample, random) => {
    const { sample } = await runSynthPipeline(pipeline, image, random.path.join('/'));
    const draws = random.derive('model');
    return data.example(sample, (count) => draws.int(0, count - 1));
  };
}
