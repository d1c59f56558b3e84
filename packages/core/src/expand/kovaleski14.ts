import { bilateralGrid } from './bilateral-grid.js';
import { changeLuminance } from './change-luminance.js';
import { defineExpansionOperator, GAMMA_REMOVAL_PARAM } from './operator.js';

/**
 * Kovaleski and Oliveira 2014, "High-quality reverse tone mapping for a wide range of exposures"
 * (SIBGRAPI 2014): a brightness-enhancement map from the saturated pixels (any channel above 254/255 for
 * images, 230/255 for compressed video), smoothed by a cross-bilateral filter guided by luminance so it
 * stops at edges, rescaled to [1/4, 1] and multiplied into the luminance mapped to the display range.
 * With gamma removal the threshold and the range sigma are linearised with the same exponent. For grey
 * input the grey sample itself is tested (HDR Toolbox takes a column maximum there, which does not fit
 * the image).
 */
export const kovaleski14 = defineExpansionOperator({
  id: 'kovaleski14',
  version: '1',
  describe: 'Kovaleski and Oliveira 2014 bilateral brightness-enhancement map (HDR Toolbox KovaleskiOliveiraEO)',
  reference: 'Kovaleski and Oliveira 2014, "High-quality reverse tone mapping for a wide range of exposures", SIBGRAPI 2014',
  outputRange: 'luminance in cd/m^2, in [displayMin / 4, displayMax]',
  params: {
    content: { type: 'choice', default: 'image', choices: ['image', 'video'], describe: 'saturation threshold 254/255 (image) or 230/255 (video) (toolbox type_content)' },
    // The paper's values for HD content, also the toolbox's documented defaults.
    sigmaSpatial: { type: 'number', default: 150, min: 1, describe: 'spatial sigma of the bilateral filter in pixels (toolbox ko_sigma_s)' },
    sigmaRange: { type: 'number', default: 25 / 255, min: 0.01, max: 1, describe: 'range sigma of the bilateral filter, display-encoded (toolbox ko_sigma_r)' },
    // The black and white levels the toolbox documents as defaults (its expansion demo passes 0.1 and 5000).
    displayMin: { type: 'number', default: 0.3, min: 0, describe: 'display black level in cd/m^2 (toolbox ko_display_min)' },
    displayMax: { type: 'number', default: 1200, min: 0, describe: 'display white level in cd/m^2 (toolbox ko_display_max)' },
    gammaRemoval: GAMMA_REMOVAL_PARAM,
  },
  expand(input, { content, sigmaSpatial, sigmaRange, displayMin, displayMax, gammaRemoval }) {
    const { values, luminance, colours, width, height } = input;
    const encodedThreshold = content === 'image' ? 254 / 255 : 230 / 255;
    const linear = gammaRemoval > 0;
    const threshold = linear ? Math.pow(encodedThreshold, gammaRemoval) : encodedThreshold;
    const saturated = new Float64Array(luminance.length);
    for (let p = 0; p < luminance.length; p++) {
      let peak = -Infinity;
      for (let c = 0; c < colours; c++) peak = Math.max(peak, values[p * colours + c]!);
      if (peak > threshold) saturated[p] = 1;
    }
    const enhancement = bilateralGrid(saturated, luminance, width, height, {
      edgeMin: 0,
      edgeMax: 1,
      sigmaSpatial,
      sigmaRange: linear ? Math.pow(sigmaRange, gammaRemoval) : sigmaRange,
    });
    const target = luminance.map((l, p) => (l * (displayMax - displayMin) + displayMin) * ((enhancement[p]! * 3 + 1) / 4));
    return changeLuminance(input, target);
  },
});
