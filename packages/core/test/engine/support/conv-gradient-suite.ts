import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, type BackendChoice } from '../../../src/index.js';
import { directConvGradients } from './direct-conv.js';
import { caseData, gradientGrid, scaledError, tfGradients, type GridCase } from './gradient-grid.js';

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
        if (!depthwise) expect(empty).toBeGreaterThan(0);
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
    });
  }
}
