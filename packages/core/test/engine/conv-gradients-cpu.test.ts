import { describe, expect, it } from 'vitest';
import { describeGradientSuites } from './support/conv-gradient-suite.js';
import { directConvGradients } from './support/direct-conv.js';
import { caseData, gradientGrid, scaledError } from './support/gradient-grid.js';
import { describeLeakChecks } from './support/leak-checks.js';
import { nchwGradients } from './support/nchw-gradients.js';

describeGradientSuites('cpu');

// Only the cpu backend runs tfjs's forward Conv2D channels-first, so only here can NCHW gradients be checked.
describe('channels-first convolution gradients on cpu', () => {
  it('match the float64 direct adjoint, dilated and strided cases included', () => {
    const chosen = gradientGrid().cases.filter((_, index) => index % 9 === 0);
    expect(new Set(chosen.map((c) => c.dilation)).size).toBeGreaterThan(3);
    expect(new Set(chosen.map((c) => c.stride))).toEqual(new Set([1, 2, 3]));
    const failures: string[] = [];
    chosen.forEach((c, index) => {
      const data = caseData(c, index + 900);
      const expected = directConvGradients(c, Float64Array.from(data.x), Float64Array.from(data.filter), Float64Array.from(data.dy));
      try {
        const ours = nchwGradients(c, data);
        const dxError = scaledError(ours.dx, expected.dx);
        const filterError = scaledError(ours.dFilter, expected.dFilter);
        if (!(dxError <= 1e-4 && filterError <= 1e-4)) failures.push(`${c.name}: dx ${dxError}, dW ${filterError}`);
      } catch (error) {
        failures.push(`${c.name}: ${(error as Error).message.slice(0, 100)}`);
      }
    });
    expect(failures).toEqual([]);
  });
});

describe('tensor bookkeeping on cpu', () => {
  describeLeakChecks({ trainingSteps: 4, imageSize: 8 });
});
