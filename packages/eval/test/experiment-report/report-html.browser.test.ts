import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeExperimentReport } from '../../src/index.js';
import { manyVariantsInput, sampleInput } from './sample-input.js';

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

/** A common laptop screen; the figure grid has to fit in it. */
const VIEWPORT = { width: 1280, height: 800 };

let dir: string;
let browser: Browser;
let page: Page;
let wide: Page;
const problems: string[] = [];
const requests: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'experiment-report-html-'));
  await writeExperimentReport(dir, sampleInput());
  await writeExperimentReport(join(dir, 'wide'), manyVariantsInput());
  // headless: true starts Chromium with --headless=new; --no-sandbox because CI runs as root.
  browser = await puppeteer.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--headless=new'] });
  page = await browser.newPage();
  await page.setViewport(VIEWPORT);
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warn') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${String(error)}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(pathToFileURL(join(dir, 'report.html')).href, { waitUntil: 'load' });
  wide = await browser.newPage();
  await wide.setViewport(VIEWPORT);
  await wide.goto(pathToFileURL(join(dir, 'wide', 'report.html')).href, { waitUntil: 'load' });
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
    expect(images).toHaveLength(3 * 6 + 3 * 5);
    for (const image of images) expect(image).toEqual({ complete: true, width: 16, height: 12, data: true });
    const labels = await page.$$eval('table.figure-grid td.exposure', (cells) => cells.map((cell) => cell.textContent));
    expect(labels).toEqual(['-2 EV', '0 EV', '+2 EV', '-2 EV', '0 EV', '+2 EV']);
    expect(await page.$$eval('table.figure-grid td.missing', (cells) => cells.length)).toBe(3);
  });

  it('draws a loss chart per term with a smoothed and a faint raw polyline per variant, axes ticks and a legend', async () => {
    const charts = await page.$$eval('svg.loss-chart', (svgs) =>
      svgs.map((svg) => ({
        label: svg.getAttribute('aria-label'),
        variants: [...svg.querySelectorAll('g[data-variant]')].map((group) => group.getAttribute('data-variant')),
        polylines: svg.querySelectorAll('polyline.smoothed').length,
        raw: [...svg.querySelectorAll('polyline.raw')].map((line) => line.ownerDocument.defaultView!.getComputedStyle(line).strokeOpacity),
        ticks: svg.querySelectorAll('text').length,
        rendered: svg.getBoundingClientRect().width,
        longest: Math.max(...[...svg.querySelectorAll('polyline')].map((line) => (line as unknown as { getTotalLength(): number }).getTotalLength())),
      })),
    );
    expect(charts.map((chart) => chart.label)).toEqual(['reconstruction', 'total', 'adversarial']);
    expect(charts[1]!.variants).toEqual(['rec', 'rec_gan', 'rec_gan_vgg']);
    expect(charts[1]!.polylines).toBe(3);
    expect(charts[1]!.raw).toEqual(['0.3', '0.3', '0.3']);
    for (const chart of charts) {
      expect(chart.ticks).toBeGreaterThan(8);
      expect(chart.rendered).toBeGreaterThan(300);
      expect(chart.longest).toBeGreaterThan(100);
    }
  });

  it('shows the baselines first and muted, and marks only the clear wins', async () => {
    const rows = await page.$$eval('table.results tbody tr', (trs) =>
      trs.map((tr) => ({
        classes: tr.className,
        color: tr.ownerDocument.defaultView!.getComputedStyle(tr.querySelector('td')!).color,
        cells: [...tr.querySelectorAll('td')].map((td) => ({ text: td.textContent, best: td.classList.contains('best'), bold: td.ownerDocument.defaultView!.getComputedStyle(td).fontWeight })),
      })),
    );
    expect(rows.map((row) => row.cells[0]!.text)).toEqual(['identity (baseline)', 'akyuz07 (baseline)', 'rec', 'rec_gan', 'rec_gan_vgg (failed)']);
    expect(rows.map((row) => row.classes)).toEqual(['baseline', 'baseline', '', '', 'failed']);
    expect(rows[0]!.color).toBe('rgb(102, 102, 102)');
    expect(rows[2]!.color).toBe('rgb(34, 34, 34)');
    const best = rows.flatMap((row) => row.cells.filter((cell) => cell.best).map((cell) => `${row.cells[0]!.text}: ${cell.text}`));
    expect(best).toEqual(['akyuz07 (baseline): 31.00 ± 0.71', 'rec_gan: 32.17 ± 0.82']);
    expect(rows[3]!.cells[1]!.bold).toBe('700');
    const notes = await page.$$eval('p.note', (paragraphs) => paragraphs.map((paragraph) => paragraph.textContent));
    expect(notes).toContain('No variant is better than the next by more than its standard error in mse (rec 0.0030 vs akyuz07 0.0031, standard error 0.0001), so nothing there is in bold.');
    expect(await page.$eval('.failures', (list) => list.textContent)).toContain('training diverged at step 40: loss NaN');
    expect(await page.$$eval('table.rangewise-psnr td.best', (cells) => cells.map((cell) => cell.textContent))).toEqual(['31.00']);
  });

  it('opens with the verdict against the baselines and gives each variant its line', async () => {
    const summary = await page.$eval('p.summary', (paragraph) => paragraph.textContent);
    expect(summary).toBe('Against the baselines: 0 of 3 variants beat the best baseline on every column (1 failed). No variant beats the best baseline on rangewise.psnr.');
    const verdicts = await page.$$eval('ul.verdicts li', (items) => items.map((item) => `${item.className}: ${item.textContent!.split(' — ')[0]}`));
    expect(verdicts).toEqual([
      'mixed: rec: beats the best baseline on 2 of 3 columns',
      'mixed: rec_gan: beats the best baseline on 1 of 3 columns',
      'failed: rec_gan_vgg: failed, so it was not compared with the baselines.',
    ]);
  });

  it('links per-image scores and the worst images to figure rows that exist', async () => {
    const links = await page.$$eval('a[href^="#"]', (anchors) =>
      anchors.map((anchor) => ({ text: anchor.textContent, target: Boolean(anchor.ownerDocument.getElementById(anchor.getAttribute('href')!.slice(1))) })),
    );
    expect(links.length).toBeGreaterThanOrEqual(2 * 2 + 2);
    expect(links.every((link) => link.target)).toBe(true);
    expect(await page.$eval('a[href="#figure-scene_02"]', (anchor) => anchor.closest('table')!.dataset.metric)).toBe('psnr');
    const worst = await page.$$eval('ul.worst li', (items) => items.map((item) => item.textContent));
    expect(worst[0]).toBe('rec: scene 01 29.00 dB, scene 02 29.50 dB, scene 03 30.00 dB, scene 04 30.50 dB, scene 06 30.50 dB');
  });

  it('shows the title and settings as text, not markup', async () => {
    expect(await page.$eval('h1', (heading) => heading.textContent)).toBe('Loss ablation <hybrid loss>');
    expect(await page.title()).toBe('Loss ablation <hybrid loss>');
    const settings = await page.$$eval('table.settings tr', (trs) => trs.map((tr) => tr.textContent));
    expect(settings).toEqual(['modelhybrid-loss-gan', 'steps100', 'datasamples & tiny']);
  });

  it('fits a figure grid of five variants and two baselines into the page, every column in view', async () => {
    expect(await wide.$$eval('table.figure-grid tr:nth-child(2) th', (cells) => cells.map((cell) => cell.textContent))).toEqual([
      '', 'input', 'ground truth', 'identity (baseline)', 'akyuz07 (baseline)', 'v1', 'v2', 'v3', 'v4', 'v5',
    ]);
    const grid = await wide.$eval('table.figure-grid', (table) => table.getBoundingClientRect().right);
    const images = await wide.$$eval('table.figure-grid img', (elements) => elements.map((image) => image.getBoundingClientRect()).map(({ left, right, width }) => ({ left, right, width })));
    expect(images).toHaveLength(3 * 9);
    expect(grid).toBeLessThanOrEqual(VIEWPORT.width);
    for (const image of images) {
      expect(image.right).toBeLessThanOrEqual(VIEWPORT.width);
      expect(image.width).toBeGreaterThan(80);
    }
    expect(await wide.$eval('html', (html) => html.scrollWidth)).toBeLessThanOrEqual(VIEWPORT.width);
  });

  it('shows a figure picture over the page when it is clicked', async () => {
    const before = await wide.$eval('table.figure-grid img', (image) => image.getBoundingClientRect().width);
    await wide.click('table.figure-grid img');
    const after = await wide.$eval('table.figure-grid img', (image) => ({ width: image.getBoundingClientRect().width, focused: image.ownerDocument.activeElement === image }));
    expect(after.focused).toBe(true);
    expect(after.width).toBeGreaterThan(before * 4);
  });
});
