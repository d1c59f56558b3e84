import { describe, expect, it } from 'vitest';
import { usesLogScale } from '../../src/index.js';
import { linearAxis, logAxis, tickLabel } from '../../src/experiment-report/axis.js';
import { debiasedEma, EMA_WEIGHT } from '../../src/experiment-report/ema.js';
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
  it('draws a smoothed and a faint raw polyline per variant with a legend entry each and marks the log scale', () => {
    const svg = lossChartSvg('total', [
      { name: 'a', color: seriesColor(0), points: [{ step: 0, value: 10 }, { step: 1, value: 0.01 }] },
      { name: 'b<&>', color: seriesColor(1), points: [{ step: 0, value: 5 }, { step: 1, value: 1 }] },
    ]);
    expect(count(svg, /<polyline class="raw" [^>]*stroke-opacity="0.3"/g)).toBe(2);
    expect(count(svg, /<polyline class="smoothed" /g)).toBe(2);
    expect(svg).toContain('total (log scale)');
    expect(svg).toContain('b&lt;&amp;&gt;');
    expect(svg).not.toContain('NaN');
  });

  it('breaks a line at a NaN and says how many points were left out', () => {
    const points = [1, 0.9, NaN, 0.7, 0.6].map((value, step) => ({ step, value }));
    const svg = lossChartSvg('rec', [{ name: 'a', color: seriesColor(0), points }]);
    expect(count(svg, /<polyline class="raw"/g)).toBe(2);
    expect(count(svg, /<polyline class="smoothed"/g)).toBe(2);
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
    const coordinates = svg.match(/class="raw"[^>]* points="([^"]+)"/)![1]!.split(' ');
    expect(coordinates.length).toBeLessThanOrEqual(4 * 500);
    const ys = coordinates.map((pair) => Number(pair.split(',')[1]));
    // The spike is the top of the linear axis (50), drawn at the plot's top edge, y = 32.
    expect(Math.min(...ys)).toBe(32);
  });

  it('draws the debiased EMA of the values as the line to read', () => {
    // A linear axis from 0 to 10 over the plot's 240 px: y = 272 - 24 * value.
    const points = [0, 10, 0, 10].map((value, step) => ({ step, value }));
    const svg = lossChartSvg('noisy', [{ name: 'a', color: seriesColor(0), points }]);
    const ys = (style: string) => svg.match(new RegExp(`class="${style}"[^>]* points="([^"]+)"`))![1]!.split(' ').map((pair) => Number(pair.split(',')[1]));
    expect(ys('raw')).toEqual([272, 32, 272, 32]);
    // EMA at 0.8: 0, 5.5556, 3.2787, 5.5556.
    expect(ys('smoothed')).toEqual([272, 138.67, 193.31, 138.67]);
    expect(svg).toContain(`line: EMA ${EMA_WEIGHT}; faint: raw`);
  });

  it('makes one chart per loss term, failed variants included, each variant in one colour throughout', () => {
    const charts = lossCharts(sampleInput().variants);
    expect(charts.map((chart) => chart.term)).toEqual(['reconstruction', 'total', 'adversarial']);
    const total = charts.find((chart) => chart.term === 'total')!.svg;
    expect(count(total, /<g data-variant=/g)).toBe(3);
    expect(total).toContain(`data-variant="rec_gan_vgg"><polyline class="raw" fill="none" stroke="${seriesColor(2)}"`);
    const adversarial = charts.find((chart) => chart.term === 'adversarial')!.svg;
    expect(adversarial).toContain(`stroke="${seriesColor(1)}"`);
    // The baselines come first in the input's tables but have no curves, so they take no colour.
    expect(total).toContain(`data-variant="rec"><polyline class="raw" fill="none" stroke="${seriesColor(0)}"`);
  });
});

describe('debiasedEma', () => {
  it('matches the debiased exponential moving average worked by hand', () => {
    const smoothed = debiasedEma([1, 2, 3], 0.5);
    // (0.5 * 1) / 0.5, (0.25 + 1) / 0.75, (0.625 + 1.5) / 0.875.
    expect(smoothed[0]).toBeCloseTo(1, 12);
    expect(smoothed[1]).toBeCloseTo(5 / 3, 12);
    expect(smoothed[2]).toBeCloseTo(17 / 7, 12);
  });

  it('starts at the first value instead of near zero, and keeps a constant series constant', () => {
    expect(debiasedEma([4])[0]).toBeCloseTo(4, 12);
    for (const value of debiasedEma([5, 5, 5, 5, 5])) expect(value).toBeCloseTo(5, 12);
    expect(debiasedEma([0, 10])[1]).toBeCloseTo(2 / 0.36, 12);
  });

  it('passes a NaN through and leaves it out of the average', () => {
    const smoothed = debiasedEma([1, NaN, 3], 0.5);
    expect(smoothed[1]).toBeNaN();
    expect(smoothed[2]).toBeCloseTo((0.25 + 1.5) / 0.75, 12);
  });
});
