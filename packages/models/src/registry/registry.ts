import { ConfigError } from '@hdr-lab/core';
import { attentionDrdb } from '../zoo/attention-drdb/definition.js';
import { deepChainHdri } from '../zoo/deep-chain-hdri/definition.js';
import { hdrGan } from '../zoo/hdr-gan/definition.js';
import { hybridLossGan } from '../zoo/hybrid-loss-gan/definition.js';
import type { ModelDefinition } from './model.js';

/** Every model, by the id configs and `hdr-lab train --model` use. A new model is added here and nowhere else. */
const MODELS: readonly ModelDefinition[] = [hybridLossGan, deepChainHdri, hdrGan, attentionDrdb] as unknown as readonly ModelDefinition[];

export const MODEL_IDS: readonly string[] = MODELS.map((definition) => definition.id);

export function modelDefinition(id: string): ModelDefinition {
  const definition = MODELS.find((candidate) => candidate.id === id);
  if (!definition) throw new ConfigError(`unknown model '${id}'; known: ${MODEL_IDS.join(', ')}`);
  return definition;
}

export function modelDefinitions(): readonly ModelDefinition[] {
  return MODELS;
}
