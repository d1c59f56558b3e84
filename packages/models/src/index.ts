export { MPReLU, type MPReLUArgs } from './layers/mprelu.js';
export { DilatedConv2D, type DilatedConv2DArgs } from './layers/dilated-conv2d.js';
export { saveCheckpoint, loadCheckpoint, CheckpointError, type CheckpointState } from './checkpoint/checkpoint.js';
export type {
  Bracket,
  BracketExposure,
  BracketModel,
  ExampleArray,
  ExampleSource,
  InputDomain,
  LossTerms,
  Model,
  ModelData,
  ModelDefinition,
  ParameterCount,
  SingleImageModel,
  TrainingBatch,
} from './registry/model.js';
export { MODEL_IDS, modelDefinition, modelDefinitions } from './registry/registry.js';
export { resolveModelConfig, type ModelConfigRequest } from './registry/resolve-config.js';
export { networkVariables, mergeVariables, trainableVariables, parameterCount } from './registry/variables.js';
export { optimiseStep, prefixTerms, TrainingDivergedError, type LossParts, type OptimiseOptions } from './training/optimise.js';
export { learningRateFactor, learningRateScheduleSchema, LearningRateController, type LearningRateSchedule } from './training/lr-schedule.js';
export { runTraining, resumeModel, type StepReport, type TrainingOutcome, type TrainingRun } from './training/run-training.js';
export { withPaddingToMultiple } from './inference/pad.js';
export { predictTiled, type ImageArray, type TilingOptions } from './inference/tiling.js';
export { hybridLossGan } from './zoo/hybrid-loss-gan/definition.js';
export { hybridLossSchema, HYBRID_LOSS_PRESETS, HYBRID_LOSS_TINY, type HybridLossConfig } from './zoo/hybrid-loss-gan/config.js';
export { deepChainHdri } from './zoo/deep-chain-hdri/definition.js';
export { deepChainSchema, DEEP_CHAIN_PRESETS, DEEP_CHAIN_TINY, type DeepChainConfig } from './zoo/deep-chain-hdri/config.js';
export { weightedLogL2, underExposureWeights, type UnderExposureWeighting } from './losses/weighted-log-l2.js';
export { illuminationReflectanceLoss, illuminationKernel, saturationMask, type IlluminationReflectanceOptions } from './losses/illumination-reflectance.js';
export { generatorAdversarialLoss, discriminatorLoss, type AdversarialReduction } from './losses/adversarial-bce.js';
export { perceptualLoss } from './losses/perceptual.js';
export { l1Loss } from './losses/l1.js';
export { anisotropicTotalVariation } from './losses/total-variation.js';
export { readLayersFileWeights, layersFileHandler, PretrainedWeightsError, type LayersFileWeights } from './pretrained/layers-file.js';
export { copyWeightsByLayerName, type CopyWeightsOptions } from './pretrained/copy-weights.js';
export { hdrGan } from './zoo/hdr-gan/definition.js';
export { hdrGanSchema, HDR_GAN_PRESETS, HDR_GAN_TINY, type HdrGanConfig } from './zoo/hdr-gan/config.js';
export { exposureInputs } from './zoo/hdr-gan/inputs.js';
export { SpectralConv2D, spectralNormStep } from './layers/spectral-norm.js';
export { ReflectPad2D } from './layers/reflect-pad.js';
export { muLaw, muLawInverse, muLawTarget, muLawL1, linearFromMuLawOutput, MU_LAW_MU } from './losses/mu-law-l1.js';
export { sphereProjection, sphereDistance, sphereDiscriminatorLoss, sphereGeneratorLoss, type SphereReference } from './losses/sphere-gan.js';
export { attentionDrdb } from './zoo/attention-drdb/definition.js';
export { attentionDrdbSchema, ATTENTION_DRDB_PRESETS, ATTENTION_DRDB_TINY, type AttentionDrdbConfig } from './zoo/attention-drdb/config.js';
export { otsuThreshold } from './zoo/attention-drdb/otsu.js';
export * from './baselines/index.js';
