import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { directConv, directConvGradients, finiteDifferences } from './support/direct-conv.js';
import { caseData, gradientGrid, scaledError, type GridCase } from './support/gradient-grid.js';

/** The float64 reference the gradient suites trust, checked against stock tfjs and finite differences. */
describe('the direct-loop reference convolution', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  });

  const dense = gradientGrid().cases;
  const depthwise = gradientGrid({ depthwise: true }).cases;

  function stockForward(c: GridCase, x: Float32Array, filter: Float32Array): Float32Array {
    return tf.tidy(() => {
      const input = tf.tensor4d(x, [...c.xShape]);
      const weights = tf.tensor4d(filter, [c.kernel[0], c.kernel[1], c.xShape[3], c.outChannels]);
      const out = c.depthwise
        ? tf.depthwiseConv2d(input, weights, c.stride, c.pad, 'NHWC', c.dilation)
        : tf.conv2d(input, weights, c.stride, c.pad, 'NHWC', c.dilation);
      return out.dataSync() as Float32Array;
    });
  }

  it('computes what stock tfjs computes forward, dilated cases included', () => {
    const failures: string[] = [];
    [...dense, ...depthwise].forEach((c, index) => {
      const data = caseData(c, index);
      const error = scaledError(stockForward(c, data.x, data.filter), directConv(c, Float64Array.from(data.x), Float64Array.from(data.filter)));
      if (!(error <= 1e-5)) failures.push(`${c.name}: ${error}`);
    });
    expect(failures).toEqual([]);
  });

  it('has adjoints equal to central finite differences of its forward pass', () => {
    const chosen = [...dense.filter((c) => c.dilation >= 5 || c.stride === 3), ...depthwise.filter((c) => c.dilation === 3)].filter(
      (_, index) => index % 7 === 0,
    );
    expect(chosen.length).toBeGreaterThan(8);
    for (const c of chosen) {
      const data = caseData(c, 99);
      const [x, filter, dy] = [data.x, data.filter, data.dy].map((values) => Float64Array.from(values)) as [Float64Array, Float64Array, Float64Array];
      const positions = {
        x: [0, Math.floor(x.length / 2), x.length - 1],
        filter: [0, Math.floor(filter.length / 3), filter.length - 1],
      };
      const exact = directConvGradients(c, x, filter, dy);
      const numeric = finiteDifferences(c, x, filter, dy, positions);
      positions.x.forEach((position, index) => expect(numeric.dx[index]).toBeCloseTo(exact.dx[position]!, 6));
      positions.filter.forEach((position, index) => expect(numeric.dFilter[index]).toBeCloseTo(exact.dFilter[position]!, 6));
    }
  });
});
