import { changeLuminance } from './change-luminance.js';
import { defineExpansionOperator, GAMMA_REMOVAL_PARAM } from './operator.js';

/**
 * Akyüz, Fleming, Riecke, Reinhard and Bülthoff 2007, "Do HDR displays support LDR content? A
 * psychophysical evaluation" (ACM TOG 26(3)): their observers preferred a plain linear stretch of the
 * LDR luminance to the display's range, L_out = maxOutput ((L - L_min) / (L_max - L_min))^gamma.
 * A constant image has no range to stretch: 0 / 0 makes every pixel 0 (HDR Toolbox behaves the same).
 */
export const akyuz07 = defineExpansionOperator({
  id: 'akyuz07',
  version: '1',
  describe: 'Akyüz et al. 2007 linear luminance stretch (HDR Toolbox AkyuzEO)',
  reference: 'Akyüz et al. 2007, "Do HDR displays support LDR content? A psychophysical evaluation", ACM TOG 26(3)',
  outputRange: 'luminance in [0, maxOutput], cd/m^2 when maxOutput is a display peak',
  params: {
    // The toolbox has no default; its expansion demo drives a 5000 cd/m^2 display (Akyüz et al. used 3000).
    maxOutput: { type: 'number', default: 5000, min: 1e-6, describe: 'peak output luminance (toolbox maxOutput)' },
    gamma: {
      type: 'number',
      default: 1,
      min: 1e-6,
      describe: 'exponent of the stretch (toolbox a_gamma); 1, the linear stretch of the study, suits well-exposed input',
    },
    gammaRemoval: GAMMA_REMOVAL_PARAM,
  },
  expand(input, { maxOutput, gamma }) {
    const { luminance } = input;
    let min = Infinity;
    let max = -Infinity;
    for (const l of luminance) {
      min = Math.min(min, l);
      max = Math.max(max, l);
    }
    const target = luminance.map((l) => maxOutput * Math.pow((l - min) / (max - min), gamma));
    return changeLuminance(input, target);
  },
});
