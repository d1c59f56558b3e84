import { createHdrImage, decodeLdr, srgbEncode } from '@hdr-lab/core';
import { describe, expect, it } from 'vitest';
import { DISPLAY_KEY, displayScale } from '../../src/index.js';
import { renderFigureGrid } from '../../src/experiment-report/figure-grid.js';
import type { ExperimentReportInput } from '../../src/index.js';

/** Grey pixels 0.5, 1 and 4: median luminance 1, so the ground truth is shown at DISPLAY_KEY * 2^stops. */
const truth = createHdrImage(3, 1, 3, new Float32Array([0.5, 0.5, 0.5, 1, 1, 1, 4, 4, 4]));
const prediction = createHdrImage(3, 1, 3, new Float32Array([1, 1, 1, 1, 1, 1, 1, 1, 1]));
const ldrInput = createHdrImage(3, 1, 3, new Float32Array([0.125, 0.125, 0.125, 0.25, 0.25, 0.25, 1, 1, 1]));

function report(exposures?: number[]): ExperimentReportInput {
  return {
    title: 'grid',
    kind: 'ablation',
    configHash: 'h',
    createdAt: '2026-01-01T00:00:00Z',
    variants: [
      { name: 'a', status: 'completed', metrics: {} },
      { name: 'b', status: 'completed', metrics: {} },
      { name: 'c', status: 'failed', error: 'x', metrics: {} },
    ],
    figures: [{ name: 'f', input: ldrInput, groundTruth: truth, predictions: { a: prediction } }],
    ...(exposures ? { exposures } : {}),
  };
}

async function codes(png: Uint8Array | undefined): Promise<number[]> {
  const decoded = await decodeLdr(png!);
  const values: number[] = [];
  for (let i = 0; i < decoded.image.data.length; i += decoded.image.channels) values.push(Math.round(decoded.image.data[i]! * 255));
  return values;
}

const code = (linear: number) => Math.round(srgbEncode(Math.min(1, linear)) * 255);

describe('displayScale', () => {
  it('brings the median luminance to middle grey, falling back to the mean, then to 1', () => {
    expect(displayScale(truth)).toBeCloseTo(DISPLAY_KEY / 1, 6);
    const dark = createHdrImage(3, 1, 1, new Float32Array([0, 0, 0.3]));
    expect(displayScale(dark)).toBeCloseTo(DISPLAY_KEY / 0.1, 5);
    expect(displayScale(createHdrImage(2, 1, 1, new Float32Array([0, NaN])))).toBe(1);
  });
});

describe('renderFigureGrid', () => {
  it('has a row per exposure, columns input, ground truth and each variant with a prediction', async () => {
    const grid = await renderFigureGrid(report());
    expect(grid.columns).toEqual(['input', 'ground truth', 'a']);
    expect(grid.rows.map((row) => row.stops)).toEqual([-2, 0, 2]);
    expect(grid.rows[0]!.cells.map((cell) => cell.column)).toEqual(['input', 'ground truth', 'a']);
  });

  it("puts the baselines' predictions first, as the tables put their rows", async () => {
    const input = report([0]);
    const grid = await renderFigureGrid({
      ...input,
      variants: [...input.variants, { name: 'identity', role: 'baseline', status: 'completed', metrics: {} }],
      figures: [{ ...input.figures![0]!, predictions: { a: prediction, identity: ldrInput } }],
    });
    expect(grid.columns).toEqual(['input', 'ground truth', 'identity', 'a']);
    expect(grid.rows[0]!.cells.map((cell) => cell.column)).toEqual(['input', 'ground truth', 'identity', 'a']);
  });

  it('encodes the ground truth at 2^stops times middle grey, clipping what goes over 1', async () => {
    const grid = await renderFigureGrid(report([-2, 0, 2]));
    const [minus, zero, plus] = grid.rows;
    expect(await codes(zero!.cells[1]!.png)).toEqual([code(0.09), code(0.18), code(0.72)]);
    expect(await codes(plus!.cells[1]!.png)).toEqual([code(0.36), code(0.72), 255]);
    expect(await codes(minus!.cells[1]!.png)).toEqual([code(0.0225), code(0.045), code(0.18)]);
    // An anchor independent of srgbEncode: 1.055 * 0.72^(1/2.4) - 0.055 = 0.8650, code 220.6.
    expect(code(0.72)).toBe(221);
  });

  it("shows predictions on the ground truth's scale, so a too-bright prediction looks too bright", async () => {
    const grid = await renderFigureGrid(report([2]));
    expect(await codes(grid.rows[0]!.cells[2]!.png)).toEqual([code(0.72), code(0.72), code(0.72)]);
  });

  it('puts the input on its own median, which lines it up with the ground truth where it is not clipped', async () => {
    const grid = await renderFigureGrid(report([0]));
    expect(await codes(grid.rows[0]!.cells[0]!.png)).toEqual([code(0.09), code(0.18), code(0.72)]);
  });

  it('leaves the cell of a variant without a prediction empty', async () => {
    const input = report([0]);
    const grid = await renderFigureGrid({
      ...input,
      figures: [input.figures![0]!, { name: 'g', input: ldrInput, groundTruth: truth, predictions: { b: prediction } }],
    });
    expect(grid.columns).toEqual(['input', 'ground truth', 'a', 'b']);
    expect(grid.rows[0]!.cells[3]!.png).toBeUndefined();
    expect(grid.rows[1]!.cells[2]!.png).toBeUndefined();
    expect(grid.rows[1]!.cells[3]!.png).toBeDefined();
  });
});
