import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeExperimentReport } from '../../src/index.js';
import { sampleInput } from './sample-input.js';

/** Debian's chromium, which CI installs; CHROMIUM_PATH points elsewhere on other systems. */
const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((path): path is string => Boolean(path));

function chromiumPath(): string {
  const found = CANDIDATES.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      `headless Chromium not found (looked at ${CANDIDATES.join(', ')}); install it with 'apt-get install -y chromium' ` +
        'or set CHROMIUM_PATH to a Chromium or Chrome binary',
    );
  }
  return found;
}

let dir: string;
let browser: Browser;
let page: Page;
const problems: string[] = [];
const requests: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'experiment-report-html-'));
  await writeExperimentReport(dir, sampleInput());
  // headless: true starts Chromium with --headless=new; --no-sandbox because CI runs as root.
  browser = await puppeteer.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--headless=new'] });
  page = await browser.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warn') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${String(error)}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(pathToFileURL(join(dir, 'report.html')).href, { waitUntil: 'load' });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('report.html in headless Chromium', () => {
  it('opens without console errors, page errors or any request beyond the file itself', () => {
    expect(problems).toEqual([]);
    expect(requests.filter((url) => !url.startsWith('data:'))).toEqual([pathToFileURL(join(dir, 'report.html')).href]);
  });

  it('decodes every image of the figure grid', async () => {
    const images = await page.$$eval('img', (elements) =>
      elements.map((image) => ({ complete: image.complete, width: image.naturalWidth, height: image.naturalHeight, data: image.src.startsWith('data:image/png;base64,') })),
    );
    expect(images).toHaveLength(3 * 4 + 3 * 3);
    for (const image of images) expect(image).toEqual({ complete: true, width: 16, height: 12, data: true });
    const labels = await page.$$eval('table.figure-grid td.exposure', (cells) => cells.map((cell) => cell.textContent));
    expect(labels).toEqual(['-2 EV', '0 EV', '+2 EV', '-2 EV', '0 EV', '+2 EV']);
    expect(await page.$$eval('table.figure-grid td.missing', (cells) => cells.length)).toBe(3);
  });

  it('draws a loss chart per term with a polyline per variant, axes ticks and a legend', async () => {
    const charts = await page.$$eval('svg.loss-chart', (svgs) =>
      svgs.map((svg) => ({
        label: svg.getAttribute('aria-label'),
        variants: [...svg.querySelectorAll('g[data-variant]')].map((group) => group.getAttribute('data-variant')),
        polylines: svg.querySelectorAll('polyline').length,
        ticks: svg.querySelectorAll('text').length,
        rendered: svg.getBoundingClientRect().width,
        longest: Math.max(...[...svg.querySelectorAll('polyline')].map((line) => (line as unknown as { getTotalLength(): number }).getTotalLength())),
      })),
    );
    expect(charts.map((chart) => chart.label)).toEqual(['reconstruction', 'total', 'adversarial']);
    expect(charts[1]!.variants).toEqual(['rec', 'rec_gan', 'rec_gan_vgg']);
    expect(charts[1]!.polylines).toBe(3);
    for (const chart of charts) {
      expect(chart.ticks).toBeGreaterThan(8);
      expect(chart.rendered).toBeGreaterThan(300);
      expect(chart.longest).toBeGreaterThan(100);
    }
  });

  it('shows one results row per variant with the best of each column marked', async () => {
    const rows = await page.$$eval('table.results tbody tr', (trs) =>
      trs.map((tr) => ({
        failed: tr.classList.contains('failed'),
        cells: [...tr.querySelectorAll('td')].map((td) => ({ text: td.textContent, best: td.classList.contains('best'), bold: td.ownerDocument.defaultView!.getComputedStyle(td).fontWeight })),
      })),
    );
    expect(rows.map((row) => row.cells[0]!.text)).toEqual(['rec', 'rec_gan', 'rec_gan_vgg (failed)']);
    expect(rows.map((row) => row.failed)).toEqual([false, false, true]);
    const best = rows.flatMap((row) => row.cells.filter((cell) => cell.best).map((cell) => `${row.cells[0]!.text}: ${cell.text}`));
    expect(best).toEqual(['rec: 0.0020 ± 0.0005', 'rec_gan: 31.50 ± 1.20']);
    expect(rows[1]!.cells[1]!.bold).toBe('700');
    expect(await page.$eval('.failures', (list) => list.textContent)).toContain('training diverged at step 40: loss NaN');
    expect(await page.$$eval('table.rangewise-psnr td.best', (cells) => cells.length)).toBe(7);
  });

  it('shows the title and settings as text, not markup', async () => {
    expect(await page.$eval('h1', (heading) => heading.textContent)).toBe('Loss ablation <hybrid loss>');
    expect(await page.title()).toBe('Loss ablation <hybrid loss>');
    const settings = await page.$$eval('table.settings tr', (trs) => trs.map((tr) => tr.textContent));
    expect(settings).toEqual(['modelhybrid-loss-gan', 'steps100', 'datasamples & tiny']);
  });
});
