import { describe, expect, it } from 'vitest';
import { usesLogScale } from '../../src/index.js';
import { linearAxis, logAxis, tickLabel } from '../../src/experiment-report/axis.js';
import { lossChartSvg, lossCharts, seriesColor } from '../../src/experiment-report/svg-chart.js';
import { sampleInput } from './sample-input.js';

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

describe('usesLogScale', () => {
  it('switches to log only when positive values span more than two decades', () => {
    expect(usesLogScale([1, 50])).toBe(false);
    expect(usesLogScale([1, 100])).toBe(false);
    expect(usesLogScale([1, 100.5])).toBe(true);
    expect(usesLogScale([0.001, 0.5, 2])).toBe(true);
  });

  it('stays linear when a value is zero or negative, and ignores NaN and infinities', () => {
    expect(usesLogScale([0, 1e-6, 10])).toBe(false);
    expect(usesLogScale([-1, 1000])).toBe(false);
    expect(usesLogScale([1, NaN, 5, Infinity])).toBe(false);
    expect(usesLogScale([1e-4, NaN, 1])).toBe(true);
    expect(usesLogScale([])).toBe(false);
  });
});

describe('axes', () => {
  it('rounds a linear range out to nice ticks', () => {
    expect(linearAxis(0.13, 0.91).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(linearAxis(0, 290, { count: 6, integer: true }).ticks).toEqual([0, 50, 100, 150, 200, 250, 300]);
    expect(linearAxis(0, 3, { count: 6, integer: true }).ticks).toEqual([0, 1, 2, 3]);
  });

  it('widens a constant series so it can be drawn', () => {
    const axis = linearAxis(2, 2);
    expect(axis.min).toBeLessThan(2);
    expect(axis.max).toBeGreaterThan(2);
  });

  it('ticks every decade of a log axis', () => {
    expect(logAxis(0.003, 2).ticks).toEqual([0.001, 0.01, 0.1, 1, 10]);
    expect(logAxis(1e-12, 1e6).ticks).toHaveLength(7);
  });

  it('prints tick labels short', () => {
    expect([0, 0.001, 1e-4, 250, 1e6, 0.30000000000000004].map(tickLabel)).toEqual(['0', '0.001', '1e-4', '250', '1e6', '0.3']);
  });
});

describe('lossChartSvg', () => {
  it('draws a polyline per variant with a legend entry each and marks the log scale', () => {
    const svg = lossChartSvg('total', [
      { name: 'a', color: seriesColor(0), points: [{ step: 0, value: 10 }, { step: 1, value: 0.01 }] },
      { name: 'b<&>', color: seriesColor(1), points: [{ step: 0, value: 5 }, { step: 1, value: 1 }] },
    ]);
    expect(count(svg, /<polyline /g)).toBe(2);
    expect(svg).toContain('total (log scale)');
    expect(svg).toContain('b&lt;&amp;&gt;');
    expect(svg).not.toContain('NaN');
  });

  it('breaks a line at a NaN and says how many points were left out', () => {
    const points = [1, 0.9, NaN, 0.7, 0.6].map((value, step) => ({ step, value }));
    const svg = lossChartSvg('rec', [{ name: 'a', color: seriesColor(0), points }]);
    expect(count(svg, /<polyline /g)).toBe(2);
    expect(svg).toContain('1 non-finite point left out');
    expect(svg).not.toContain('NaN');
  });

  it('renders an empty or all-NaN chart with a message instead of failing', () => {
    for (const points of [[], [{ step: 0, value: NaN }]]) {
      const svg = lossChartSvg('empty', [{ name: 'a', color: seriesColor(0), points }]);
      expect(svg).toContain('no finite values to plot');
      expect(svg).not.toContain('NaN');
      expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    }
  });

  it('draws a curve of 200k steps with a bounded number of points, keeping a one-step spike', () => {
    const points = Array.from({ length: 200_000 }, (_, step) => ({ step, value: step === 123_457 ? 50 : 1 + Math.sin(step / 1000) * 0.1 }));
    const svg = lossChartSvg('long', [{ name: 'a', color: seriesColor(0), points }]);
    const coordinates = svg.match(/points="([^"]+)"/)![1]!.split(' ');
    expect(coordinates.length).toBeLessThanOrEqual(4 * 500);
    const ys = coordinates.map((pair) => Number(pair.split(',')[1]));
    // The spike is the top of the linear axis (50), drawn at the plot's top edge, y = 32.
    expect(Math.min(...ys)).toBe(32);
  });

  it('makes one chart per loss term, failed variants included, each variant in one colour throughout', () => {
    const charts = lossCharts(sampleInput().variants);
    expect(charts.map((chart) => chart.term)).toEqual(['reconstruction', 'total', 'adversarial']);
    const total = charts.find((chart) => chart.term === 'total')!.svg;
    expect(count(total, /<g data-variant=/g)).toBe(3);
    expect(total).toContain(`data-variant="rec_gan_vgg"><polyline fill="none" stroke="${seriesColor(2)}"`);
    const adversarial = charts.find((chart) => chart.term === 'adversarial')!.svg;
    expect(adversarial).toContain(`stroke="${seriesColor(1)}"`);
  });
});
