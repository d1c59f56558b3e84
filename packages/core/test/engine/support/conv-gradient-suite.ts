import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, type BackendChoice } from '../../../src/index.js';
import { directConvGradients } from './direct-conv.js';
import { caseData, gradientGrid, gridCase, kernelGradients, scaledError, tfGradients, type GridCase } from './gradient-grid.js';

const TOLERANCE = 1e-4;

function reference(c: GridCase, seed: number) {
  const data = caseData(c, seed);
  return directConvGradients(c, Float64Array.from(data.x), Float64Array.from(data.filter), Float64Array.from(data.dy));
}

/**
 * The engine's gradients on one backend, dense and depthwise, over the whole grid: against the float64
 * direct adjoint for every case and, where stock tfjs computes the gradient (dilation 1), against stock
 * tfjs on cpu, evaluated before the engine replaces tfjs's kernels and gradients.
 */
export function describeGradientSuites(backend: Exclude<BackendChoice, 'auto'>): void {
  const grids = [false, true].map((depthwise) => ({ depthwise, ...gradientGrid({ depthwise }) }));
  const stock = new Map<string, { dx: Float32Array; dFilter: Float32Array }>();

  beforeAll(async () => {
    await tf.setBackend('cpu');
    // Stock tfjs greets Node users on the cpu backend's first use; the engine does the same when it starts cpu.
    (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
    for (const { cases } of grids) {
      cases.forEach((c, index) => {
        if (c.dilation === 1) stock.set(c.name, tfGradients(c, caseData(c, index)));
      });
    }
    await initEngine({ backend, threads: backend === 'wasm' ? 2 : 1, onWarning: () => undefined });
  });

  for (const { depthwise, cases, empty } of grids) {
    describe(`${depthwise ? 'depthwise ' : ''}convolution gradients on ${backend}`, () => {
      it('cover the grid (combinations whose output would be empty are left out)', () => {
        expect(cases.length).toBeGreaterThan(depthwise ? 100 : 250);
        if (!depthwise) expect(empty.length).toBeGreaterThan(0);
        // An output is empty exactly when the dilated kernel spans more than the padded input.
        for (const { xShape, kernel, pad, dilation } of empty) {
          expect(pad).not.toBe('same');
          const padded = (axis: 0 | 1) => xShape[axis + 1]! + (typeof pad === 'string' ? 0 : pad[axis + 1]![0] + pad[axis + 1]![1]);
          const span = (axis: 0 | 1) => (kernel[axis] - 1) * dilation + 1;
          expect(span(0) > padded(0) || span(1) > padded(1)).toBe(true);
        }
        expect(new Set(cases.map((c) => c.dilation))).toEqual(new Set(depthwise ? [1, 2, 3] : [1, 2, 3, 5, 8, 13]));
      });

      it('match the float64 direct adjoint within 1e-4 of the magnitude, for dx and the filter', () => {
        const failures: string[] = [];
        cases.forEach((c, index) => {
          const ours = tfGradients(c, caseData(c, index));
          const expected = reference(c, index);
          const dxError = scaledError(ours.dx, expected.dx);
          const filterError = scaledError(ours.dFilter, expected.dFilter);
          if (!(dxError <= TOLERANCE && filterError <= TOLERANCE)) failures.push(`${c.name}: dx ${dxError}, dW ${filterError}`);
        });
        expect(failures).toEqual([]);
      });

      it('match stock tfjs (cpu) wherever stock tfjs has the gradient', () => {
        const failures: string[] = [];
        let compared = 0;
        cases.forEach((c, index) => {
          const expected = stock.get(c.name);
          if (!expected) return;
          compared++;
          const ours = tfGradients(c, caseData(c, index));
          const dxError = scaledError(ours.dx, expected.dx);
          const filterError = scaledError(ours.dFilter, expected.dFilter);
          if (!(dxError <= TOLERANCE && filterError <= TOLERANCE)) failures.push(`${c.name}: dx ${dxError}, dW ${filterError}`);
        });
        expect(compared).toBeGreaterThan(40);
        expect(failures).toEqual([]);
      });

      it('leaves out stride > 1 together with dilation > 1, which tfjs rejects or (depthwise on wasm) computes', () => {
        expect(cases.some((c) => c.stride > 1 && c.dilation > 1)).toBe(false);
        const stridedDilated = [
          gridCase([2, 13, 11, 3], [3, 3], 'same', 2, 2, 2, depthwise),
          gridCase([1, 12, 9, 2], [2, 2], [[0, 0], [2, 1], [0, 3], [0, 0]], 2, 3, 1, depthwise),
        ];
        stridedDilated.forEach((c, index) => {
          const data = caseData(c!, index);
          if (depthwise && backend === 'wasm') {
            const ours = tfGradients(c!, data);
            const expected = reference(c!, index);
            expect(scaledError(ours.dx, expected.dx)).toBeLessThanOrEqual(TOLERANCE);
            expect(scaledError(ours.dFilter, expected.dFilter)).toBeLessThanOrEqual(TOLERANCE);
          } else {
            expect(() => tfGradients(c!, data)).toThrow(/strides or dilations must be 1/);
          }
        });
      });
    });
  }

  describe(`convolution backprop kernels called directly on ${backend}`, () => {
    it('give the float64 adjoint through tf.conv2dTranspose and Conv2DBackpropFilter (dilation 1)', () => {
      const undilated = grids[0]!.cases.filter((c) => c.dilation === 1);
      expect(undilated.length).toBeGreaterThan(100);
      const failures: string[] = [];
      undilated.forEach((c, index) => {
        const data = caseData(c, index + 500);
        const ours = kernelGradients(c, data);
        const expected = reference(c, index + 500);
        const dxError = scaledError(ours.dx, expected.dx);
        const filterError = scaledError(ours.dFilter, expected.dFilter);
        if (!(dxError <= TOLERANCE && filterError <= TOLERANCE)) failures.push(`${c.name}: dx ${dxError}, dW ${filterError}`);
      });
      expect(failures).toEqual([]);
    });
  });
}
