import { bilateralGrid } from './bilateral-grid.js';
import { changeLuminance, removeSpecials } from './change-luminance.js';
import type { LinearInput } from './linear-input.js';
import { defineExpansionOperator, GAMMA_REMOVAL_PARAM } from './operator.js';
import { imageKey } from './statistics.js';

/** Share of pixels whose luminance reaches 254 of 255, in percent. */
function overexposedPercent(luminance: Float64Array): number {
  let count = 0;
  for (const l of luminance) if (l * 255 >= 254) count++;
  return (count / luminance.length) * 100;
}

/**
 * L^gamma scaled to maxOutput. With noise removal the exponent is applied to a bilateral base layer
 * (32 px, 0.01; the papers give no filter parameters) and the detail L / base is put back unchanged, so
 * that a strong gamma does not amplify noise. A negative gamma (very dark key) inverts the tones and
 * sends black pixels to 0.
 */
function expandWithGamma(input: LinearInput, gamma: number, maxOutput: number, noiseRemoval: boolean): Float64Array {
  const { luminance, width, height } = input;
  let target: Float64Array;
  if (noiseRemoval) {
    const base = bilateralGrid(luminance, luminance, width, height, { edgeMin: 0, edgeMax: 1, sigmaSpatial: 32, sigmaRange: 0.01 });
    target = luminance.map((l, p) => removeSpecials(l / base[p]!) * Math.pow(base[p]!, gamma));
  } else {
    target = luminance.map((l) => Math.pow(l, gamma));
  }
  return changeLuminance(input, target.map((l) => l * maxOutput));
}

const params = {
  // The toolbox has no default; its expansion demo drives a 5000 cd/m^2 display.
  maxOutput: { type: 'number', default: 5000, min: 0, describe: 'output luminance of white in cd/m^2 (toolbox maxOutput)' },
  // On by default, as in HDR Toolbox and its demo.
  noiseRemoval: { type: 'boolean', default: true, describe: 'apply the gamma to a bilateral base layer only (toolbox m_noise)' },
  gammaRemoval: GAMMA_REMOVAL_PARAM,
} as const;

/**
 * Masia, Agustin, Fleming, Sorkine and Gutierrez 2009, "Evaluation of reverse tone mapping through varying
 * exposure conditions" (ACM TOG 28(5)): observers preferred a gamma expansion whose exponent falls with
 * the image key, gamma = 10.44 key - 6.282 (their linear fit). A constant or black image has key -1.
 */
export const masia09 = defineExpansionOperator({
  id: 'masia09',
  version: '1',
  describe: 'Masia et al. 2009 key-driven gamma expansion (HDR Toolbox MasiaEO, m_multi_reg = 0)',
  reference: 'Masia et al. 2009, "Evaluation of reverse tone mapping through varying exposure conditions", ACM TOG 28(5)',
  outputRange: 'luminance in [0, maxOutput] for a positive gamma',
  params,
  expand(input, { maxOutput, noiseRemoval }) {
    const { key } = imageKey(input.luminance);
    return expandWithGamma(input, key * 10.44 - 6.282, maxOutput, noiseRemoval);
  },
});

/**
 * Masia, Serrano and Gutierrez 2017, "Dynamic range expansion based on image statistics" (Multimedia Tools
 * and Applications 76(1)): the same gamma expansion with the exponent from their multilinear regression
 * on log-average luminance, key and the percentage of over-exposed pixels (their equation 5).
 */
export const masia17 = defineExpansionOperator({
  id: 'masia17',
  version: '1',
  describe: 'Masia et al. 2017 gamma expansion from image statistics (HDR Toolbox MasiaEO, m_multi_reg = 1)',
  reference: 'Masia, Serrano and Gutierrez 2017, "Dynamic range expansion based on image statistics", Multimedia Tools and Applications 76(1)',
  outputRange: 'luminance in [0, maxOutput] for a positive gamma',
  params,
  expand(input, { maxOutput, noiseRemoval }) {
    const { key, logAverage } = imageKey(input.luminance);
    const gamma = 2.4379 + 0.2319 * Math.log(logAverage) - 1.1228 * key + 0.0085 * overexposedPercent(input.luminance);
    return expandWithGamma(input, gamma, maxOutput, noiseRemoval);
  },
});
