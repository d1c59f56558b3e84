import { bilateralGrid } from './bilateral-grid.js';
import { changeLuminance } from './change-luminance.js';
import { defineExpansionOperator, GAMMA_REMOVAL_PARAM } from './operator.js';
import { logMean } from './statistics.js';

/**
 * Huo, Yang, Dong and Brost 2014, "Physiological inverse tone mapping based on retina response" (The
 * Visual Computer 30(5)): the inverse of a Naka-Rushton photoreceptor response,
 * L_out = L / L_max (L_s^n + sigma^n)^(1/n), with the semi-saturation sigma = maxOutput times the
 * log-average and the surround L_s = maxOutput times L filtered twice by a bilateral filter (16 px / 0.3,
 * then 10 px / 0.1, the paper's two passes). A black image stays black.
 */
export const huo14 = defineExpansionOperator({
  id: 'huo14',
  version: '1',
  describe: 'Huo et al. 2014 physiological retina-response expansion (HDR Toolbox HuoPhysEO)',
  reference: 'Huo, Yang, Dong and Brost 2014, "Physiological inverse tone mapping based on retina response", The Visual Computer 30(5)',
  outputRange: 'luminance in cd/m^2, of the order of maxOutput',
  params: {
    // The toolbox has no default; its expansion demo drives a 5000 cd/m^2 display.
    maxOutput: { type: 'number', default: 5000, min: 0, describe: 'peak display luminance scaling the response (toolbox maxOutput)' },
    // The paper's value, which HDR Toolbox uses when it is missing.
    n: { type: 'number', default: 0.86, min: 1e-3, max: 10, describe: 'sensitivity exponent of the response (toolbox hou_n)' },
    gammaRemoval: GAMMA_REMOVAL_PARAM,
  },
  expand(input, { maxOutput, n }) {
    const { luminance, width, height } = input;
    let max = -Infinity;
    for (const l of luminance) max = Math.max(max, l);
    const first = bilateralGrid(luminance, luminance, width, height, { edgeMin: 0, edgeMax: 1, sigmaSpatial: 16, sigmaRange: 0.3 });
    const surround = bilateralGrid(first, first, width, height, { edgeMin: 0, edgeMax: 1, sigmaSpatial: 10, sigmaRange: 0.1 });
    const sigmaN = Math.pow(maxOutput * logMean(luminance), n);
    const target = luminance.map((l, p) => (l / max) * Math.pow(Math.pow(maxOutput * surround[p]!, n) + sigmaN, 1 / n));
    return changeLuminance(input, target);
  },
});
