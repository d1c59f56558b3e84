/**
 * Pipelines that make each model's inputs as its design notes describe, as the step lists a YAML config
 * would hold (parse them with parseSynthPipeline). Copy one into a config to change it.
 */
export const SYNTH_PRESETS = {
  /** Hybrid-loss GAN: median-normalised ground truth and its linear 8-bit levels 2^-3..2^-8. */
  'hybrid-loss': [{ step: 'normalise', mode: 'median' }, { step: 'range-levels' }],
  /** Deep Chain HDRI: EV -3..+3 around the most evenly exposed EV 0, sRGB camera, 8 bits. */
  'deep-chain': [
    { step: 'normalise', mode: 'median' },
    { step: 'ev-stack' },
    { step: 'clip' },
    { step: 'camera-curve', curve: 'srgb' },
    { step: 'quantise', bits: 8 },
  ],
  /** HDR-GAN: -2/0/+2 EV brackets with motion, gamma 2.2, 8 bits, companions L^2.2 / t. */
  'hdr-gan': [
    { step: 'normalise', mode: 'percentile', percentile: 99.5 },
    { step: 'bracket', biases: [-2, 0, 2] },
    { step: 'clip' },
    { step: 'camera-curve', curve: 'gamma', gamma: 2.2 },
    { step: 'quantise', bits: 8 },
    { step: 'companions', gamma: 2.2 },
  ],
  /** DRDB variant (NTIRE-style data): as HDR-GAN with gamma 2.24. */
  drdb: [
    { step: 'normalise', mode: 'percentile', percentile: 99.5 },
    { step: 'bracket', biases: [-2, 0, 2] },
    { step: 'clip' },
    { step: 'camera-curve', curve: 'gamma', gamma: 2.24 },
    { step: 'quantise', bits: 8 },
    { step: 'companions', gamma: 2.24 },
  ],
} as const satisfies Record<string, readonly ({ step: string } & Record<string, unknown>)[]>;

export type SynthPresetName = keyof typeof SYNTH_PRESETS;
