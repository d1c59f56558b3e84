import { bilateralGrid } from './bilateral-grid.js';
import { defineExpansionOperator, GAMMA_REMOVAL_PARAM } from './operator.js';
import { mean } from './statistics.js';

/**
 * Huo, Yang and Brost 2013, "Dodging and burning inspired inverse tone mapping algorithm" (Journal of
 * Computational Information Systems 9(9)): a global curve 10^-s L / (L_avg (1 - L + theta)) divided by
 * the local adaptation luminance, a bilateral filter of L (sigma 16 px and 3/255, as in the paper), so
 * that bright surroundings are dodged and dark ones burnt. The ratio scales every channel directly.
 * Where the local adaptation is 0 (a black image, black regions) the pixel becomes 0, as in HDR Toolbox.
 */
export const huo13 = defineExpansionOperator({
  id: 'huo13',
  version: '1',
  describe: 'Huo et al. 2013 dodging-and-burning expansion (HDR Toolbox HuoEO)',
  reference: 'Huo, Yang and Brost 2013, "Dodging and burning inspired inverse tone mapping algorithm", JCIS 9(9)',
  outputRange: 'relative linear radiance; theta bounds the peak at about 10^-s / (L_avg theta)',
  params: {
    // Defaults of the paper, which HDR Toolbox uses when they are missing and in its demo.
    s: { type: 'number', default: 1.6, min: -10, max: 10, describe: 'share of the range given to highlights versus shadows (toolbox hou_s)' },
    theta: { type: 'number', default: 1e-5, min: 0, describe: 'keeps white pixels finite and sets the peak (toolbox hou_theta)' },
    gammaRemoval: GAMMA_REMOVAL_PARAM,
  },
  expand(input, { s, theta }) {
    const { values, luminance, colours, width, height } = input;
    const average = mean(luminance);
    const adaptation = bilateralGrid(luminance, luminance, width, height, { edgeMin: 0, edgeMax: 1, sigmaSpatial: 16, sigmaRange: 3 / 255 });
    const scale = Math.pow(10, -s);
    const out = new Float64Array(values.length);
    for (let p = 0; p < luminance.length; p++) {
      const l = luminance[p]!;
      const ratio = (scale * l) / (average * (1 - l + theta)) / adaptation[p]!;
      for (let c = 0; c < colours; c++) out[p * colours + c] = values[p * colours + c]! * ratio;
    }
    return out;
  },
});
