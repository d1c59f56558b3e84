import { changeLuminance } from './change-luminance.js';
import { defineExpansionOperator, GAMMA_REMOVAL_PARAM } from './operator.js';

/**
 * Landis 2002, "Production-ready global illumination" (SIGGRAPH course notes 16): only pixels at or above
 * `threshold` are expanded, blending L towards maxOutput L with the weight ((L - threshold) /
 * (L_max - threshold))^alpha, so the brightest pixel is scaled by maxOutput and the rest stays as it was.
 * When the brightest luminance equals the threshold exactly, its weight is 0 / 0 and those pixels become 0,
 * as in HDR Toolbox.
 */
export const landis02 = defineExpansionOperator({
  id: 'landis02',
  version: '1',
  describe: 'Landis 2002 power-law highlight expansion above a threshold (HDR Toolbox LandisEO)',
  reference: 'Landis 2002, "Production-ready global illumination", SIGGRAPH 2002 course notes 16',
  outputRange: 'luminance in [0, maxOutput L_max]; unchanged below the threshold',
  params: {
    // The toolbox falls back to 2.0 when alpha is missing or not positive (its demo passes 2.2).
    alpha: { type: 'number', default: 2, min: 1e-6, describe: 'exponent of the expansion weight (toolbox l_alpha)' },
    // 0.5 is the toolbox's fallback too.
    threshold: { type: 'number', default: 0.5, min: 1e-6, max: 1, describe: 'linear luminance from which pixels are expanded (toolbox l_threshold)' },
    // The toolbox has no default; its expansion demo drives a 5000 cd/m^2 display.
    maxOutput: { type: 'number', default: 5000, min: 0, describe: 'scale of the brightest pixel (toolbox maxOutput)' },
    gammaRemoval: GAMMA_REMOVAL_PARAM,
  },
  expand(input, { alpha, threshold, maxOutput }) {
    const { luminance } = input;
    let max = -Infinity;
    for (const l of luminance) max = Math.max(max, l);
    const target = luminance.map((l) => {
      if (!(l >= threshold)) return l;
      const weight = Math.pow((l - threshold) / (max - threshold), alpha);
      return l * (1 - weight) + maxOutput * l * weight;
    });
    return changeLuminance(input, target);
  },
});
