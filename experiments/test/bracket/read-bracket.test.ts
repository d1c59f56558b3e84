import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHdrImage, writeHdrFile } from '@hdr-lab/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBracket } from '../../src/bracket/read-bracket.js';
import { UsageError } from '../../src/cli/errors.js';
import { codesFor, HEIGHT, WIDTH, writeJpeg, writePng, writeText, writeTiff16 } from './write-exposures.js';

let work: string;
let count = 0;
/** A fresh folder per case, so no case sees another's files. */
const folder = async (): Promise<string> => {
  const dir = join(work, `case-${++count}`);
  await mkdir(dir, { recursive: true });
  return dir;
};

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'hdr-lab-bracket-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const codesOf = (data: Float32Array, max: number): number[] => Array.from(data, (value) => Math.round(value * max));

describe('readBracket: a folder', () => {
  it('takes times from exposures.json {"times"} in file-name order and sorts the exposures shortest first', async () => {
    const dir = await folder();
    // Names in natural order: img2 before img10, whatever their times.
    await writePng(join(dir, 'img2.png'), 2);
    await writePng(join(dir, 'img10.png'), 10);
    await writePng(join(dir, 'img1.png'), 1);
    await writeText(join(dir, 'exposures.json'), JSON.stringify({ times: [0.5, 0.125, 2] }));
    await writeText(join(dir, 'notes.txt'), 'not an image');
    const lines: string[] = [];
    const bracket = await readBracket([dir], { expected: 3, log: (line) => lines.push(line) });

    expect(bracket.exposures.map((exposure) => exposure.time)).toEqual([0.125, 0.5, 2]);
    expect(bracket.files).toEqual([join(dir, 'img2.png'), join(dir, 'img1.png'), join(dir, 'img10.png')]);
    expect(bracket.source).toBe(dir);
    expect(bracket.timesFrom).toBe(`${join(dir, 'exposures.json')} (times)`);
    expect(bracket.bitDepths).toEqual([8, 8, 8]);
    const [shortest] = bracket.exposures;
    expect(shortest!.image).toMatchObject({ width: WIDTH, height: HEIGHT, channels: 3 });
    expect(codesOf(shortest!.image.data, 255)).toEqual(codesFor(2, 255));
    expect(lines[0]).toBe(`bracket ${dir}: 3 exposures, ${WIDTH}x${HEIGHT}, times from ${join(dir, 'exposures.json')} (times)`);
    expect(lines).toContain('  sorted by exposure time, shortest first:');
    expect(lines.slice(-3)).toEqual(['  img2.png: time 0.125 (+0.00 stops), 8-bit', '  img1.png: time 0.5 (+2.00 stops), 8-bit', '  img10.png: time 2 (+4.00 stops), 8-bit']);
  });

  it('takes {"stops"} as 2^stops and {"files"} by name', async () => {
    const dir = await folder();
    await Promise.all(['a', 'b', 'c'].map((name, i) => writePng(join(dir, `${name}.png`), i)));
    await writeText(join(dir, 'exposures.json'), JSON.stringify({ stops: [-2, 0, 2] }));
    expect((await readBracket([dir])).exposures.map((exposure) => exposure.time)).toEqual([0.25, 1, 4]);

    await writeText(join(dir, 'exposures.json'), JSON.stringify({ files: { 'c.png': 1 / 15, 'a.png': 1 / 250, 'b.png': 1 / 60 } }));
    const bracket = await readBracket([dir]);
    expect(bracket.files.map((file) => file.slice(dir.length + 1))).toEqual(['a.png', 'b.png', 'c.png']);
    expect(bracket.exposures.map((exposure) => exposure.time)).toEqual([1 / 250, 1 / 60, 1 / 15]);
  });

  it("reads Kalantari's layout: 16-bit TIFFs with exposure.txt, ignoring the ground truth and stray files", async () => {
    const dir = await folder();
    await writeTiff16(join(dir, '262A0898.tif'), 1);
    await writeTiff16(join(dir, '262A0899.tif'), 2);
    await writeTiff16(join(dir, '262A0900.tif'), 3);
    await writeText(join(dir, 'exposure.txt'), '-2\r\n0\r\n2\r\n');
    await writeHdrFile(join(dir, 'HDRImg.hdr'), createHdrImage(WIDTH, HEIGHT, 3));
    await writeText(join(dir, '._262A0898.tif'), 'macOS resource fork');
    await mkdir(join(dir, 'crops.png'));
    const bracket = await readBracket([dir], { expected: 3 });

    expect(bracket.exposures.map((exposure) => exposure.time)).toEqual([0.25, 1, 4]);
    expect(bracket.bitDepths).toEqual([16, 16, 16]);
    expect(bracket.timesFrom).toBe(`${join(dir, 'exposure.txt')} (stops)`);
    bracket.exposures.forEach((exposure, i) => expect(codesOf(exposure.image.data, 65535)).toEqual(codesFor(i + 1, 65535)));
    // 16-bit precision is kept: a code 1 apart is 1/65535 apart, not rounded to 8 bits.
    expect(bracket.exposures[0]!.image.data[1]! * 65535).toBeCloseTo(codesFor(1, 65535)[1]!, 2);
  });

  it('prefers exposures.json to exposure.txt, and a sidecar to EXIF', async () => {
    const dir = await folder();
    await writeJpeg(join(dir, 'a.jpg'), 1, '1/250');
    await writeJpeg(join(dir, 'b.jpg'), 2, '1/60');
    await writeJpeg(join(dir, 'c.jpg'), 3, '1/15');
    await writeText(join(dir, 'exposure.txt'), '0\n1\n2\n');
    expect((await readBracket([dir])).exposures.map((exposure) => exposure.time)).toEqual([1, 2, 4]);
    await writeText(join(dir, 'exposures.json'), '{"times": [10, 20, 40]}');
    expect((await readBracket([dir])).exposures.map((exposure) => exposure.time)).toEqual([10, 20, 40]);
    expect((await readBracket([dir], { times: [3, 2, 1] })).files.map((file) => file.slice(-5))).toEqual(['c.jpg', 'b.jpg', 'a.jpg']);
  });

  it('falls back to EXIF ExposureTime when the folder has no sidecar', async () => {
    const dir = await folder();
    await writeJpeg(join(dir, 'a.jpg'), 1, '1/60');
    await writeJpeg(join(dir, 'b.jpg'), 2, '1/250');
    await writeJpeg(join(dir, 'c.jpg'), 3, '1/15');
    const bracket = await readBracket([dir], { expected: 3 });
    expect(bracket.timesFrom).toBe('EXIF ExposureTime');
    expect(bracket.exposures.map((exposure) => exposure.time)).toEqual([0.004, 1 / 60, 1 / 15].map((time) => expect.closeTo(time, 12)));
    expect(bracket.files.map((file) => file.slice(-5))).toEqual(['b.jpg', 'a.jpg', 'c.jpg']);
  });
});

describe('readBracket: files', () => {
  it('takes times in the order the files are given', async () => {
    const dir = await folder();
    const files = await Promise.all(['x.png', 'y.png', 'z.png'].map((name, i) => writePng(join(dir, name), i + 5)));
    const bracket = await readBracket(files, { times: [4, 1, 16], expected: 3 });
    expect(bracket.files).toEqual([files[1], files[0], files[2]]);
    expect(bracket.exposures.map((exposure) => exposure.time)).toEqual([1, 4, 16]);
    expect(bracket.source).toBe(files.join(', '));
    expect(codesOf(bracket.exposures[0]!.image.data, 255)).toEqual(codesFor(6, 255));
  });

  it('reads EXIF ExposureTime before a sidecar, and the common folder\'s sidecar when EXIF is missing', async () => {
    const dir = await folder();
    const files = [await writeJpeg(join(dir, 'long.jpg'), 1, '1/8'), await writeJpeg(join(dir, 'short.jpg'), 2, '1/500'), await writeJpeg(join(dir, 'mid.jpg'), 3, '1/30')];
    await writeText(join(dir, 'exposures.json'), JSON.stringify({ files: { 'long.jpg': 9, 'short.jpg': 1, 'mid.jpg': 3 } }));
    const exif = await readBracket(files);
    expect(exif.timesFrom).toBe('EXIF ExposureTime');
    expect(exif.exposures.map((exposure) => exposure.time)).toEqual([0.002, 1 / 30, 0.125].map((time) => expect.closeTo(time, 12)));

    const plain = await folder();
    const bare = await Promise.all(['p1.jpg', 'p2.jpg', 'p3.jpg'].map((name, i) => writeJpeg(join(plain, name), i)));
    await writeText(join(plain, 'exposure.txt'), '2\n-2\n0\n');
    const fromSidecar = await readBracket([bare[2]!, bare[0]!]);
    expect(fromSidecar.exposures.map((exposure) => exposure.time)).toEqual([1, 4]);
    expect(fromSidecar.files).toEqual([bare[2], bare[0]]);
  });

  it('turns grey into RGB and drops alpha', async () => {
    const dir = await folder();
    const grey = await writePng(join(dir, 'grey.png'), 1, { channels: 1 });
    const rgba = await writePng(join(dir, 'rgba.png'), 2, { channels: 4 });
    const bracket = await readBracket([grey, rgba], { times: [1, 2] });
    const greyCodes = codesFor(1, 255, 1);
    expect(codesOf(bracket.exposures[0]!.image.data, 255)).toEqual(greyCodes.flatMap((code) => [code, code, code]));
    const rgbaCodes = codesFor(2, 255, 4);
    expect(codesOf(bracket.exposures[1]!.image.data, 255)).toEqual(rgbaCodes.filter((_, i) => i % 4 !== 3));
    expect(bracket.exposures[1]!.image.channels).toBe(3);
  });
});

describe('readBracket: errors name the files and the fix', () => {
  const rejects = async (promise: Promise<unknown>, pattern: RegExp) => {
    const error = await promise.then(() => undefined, (reason: unknown) => reason);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(pattern);
  };

  it('refuses HDR files given as exposures, by name and by content', async () => {
    const dir = await folder();
    const ldr = await writePng(join(dir, 'a.png'), 1);
    const gt = join(dir, 'gt.exr');
    await writeHdrFile(gt, createHdrImage(WIDTH, HEIGHT, 3));
    await rejects(readBracket([ldr, gt], { times: [1, 2] }), /gt\.exr: HDR image\(s\) given as exposures; a bracket is made of LDR exposures \(\.png, \.jpg/);
    const disguised = join(dir, 'disguised.png');
    await writeHdrFile(join(dir, 'disguised.pfm'), createHdrImage(WIDTH, HEIGHT, 3));
    await rename(join(dir, 'disguised.pfm'), disguised);
    await rejects(readBracket([ldr, disguised], { times: [1, 2] }), /disguised\.png is an HDR image \(pfm\), not an LDR exposure/);
  });

  it('refuses the wrong number of exposures', async () => {
    const dir = await folder();
    const files = [await writePng(join(dir, 'a.png'), 1), await writePng(join(dir, 'b.png'), 2)];
    await rejects(readBracket(files, { expected: 3, times: [1, 2] }), /needs 3 exposures, got 2: a\.png, b\.png; give 3 exposure files/);
    await rejects(readBracket([dir], { expected: 3, times: [1, 2] }), new RegExp(`^${dir}: needs 3 exposures, got 2: a\\.png, b\\.png; the folder must hold exactly 3`));
  });

  it('refuses exposures of different sizes, listing each size', async () => {
    const dir = await folder();
    const files = [await writePng(join(dir, 'a.png'), 1), await writePng(join(dir, 'b.png'), 2, { width: 10 }), await writePng(join(dir, 'c.png'), 3)];
    await rejects(readBracket(files, { times: [1, 2, 4] }), /exposures differ in size \(a\.png 8x6, b\.png 10x6, c\.png 8x6\); .*crop or resize them alike/);
  });

  it('refuses times that are not positive, not finite, equal, or not one per file', async () => {
    const dir = await folder();
    const files = await Promise.all(['a.png', 'b.png', 'c.png'].map((name, i) => writePng(join(dir, name), i)));
    await rejects(readBracket(files, { times: [1, 0, 2] }), /--times gives b\.png the exposure time 0; times must be positive/);
    await rejects(readBracket(files, { times: [1, Number.NaN, 2] }), /--times gives b\.png the exposure time NaN/);
    await rejects(readBracket(files, { times: [1, 2] }), /--times gives 2 time\(s\) for 3 exposures \(a\.png, b\.png, c\.png\); give one per file, in the order of the files/);
    await rejects(readBracket(files, { times: [1, 2, 1] }), /--times gives a\.png and c\.png the same exposure time \(1\); a bracket needs differently exposed images/);

    const exifDir = await folder();
    const twins = [await writeJpeg(join(exifDir, 'a.jpg'), 1, '1/100'), await writeJpeg(join(exifDir, 'b.jpg'), 2, '1/100')];
    await rejects(readBracket(twins), /EXIF ExposureTime gives a\.jpg and b\.jpg the same exposure time \(0\.01\).*--times or a sidecar/);
    await writeText(join(exifDir, 'exposures.json'), '{"stops": [1, 1]}');
    await rejects(readBracket([exifDir]), /exposures\.json \(stops\) gives a\.jpg and b\.jpg the same exposure time \(2\)/);
    await writeText(join(exifDir, 'exposures.json'), '{"times": [1, -4]}');
    await rejects(readBracket([exifDir]), /exposures\.json \(times\) gives b\.jpg the exposure time -4; times must be positive/);
  });

  it('refuses sidecars that do not match the folder', async () => {
    const dir = await folder();
    await Promise.all(['a.png', 'b.png', 'c.png'].map((name, i) => writePng(join(dir, name), i)));
    const json = join(dir, 'exposures.json');
    await writeText(json, '{"times": [1, 2]}');
    await rejects(readBracket([dir]), new RegExp(`${json} lists 2 times but the folder has 3 LDR image\\(s\\) \\(a\\.png, b\\.png, c\\.png\\); give one per image, in file-name order`));
    await writeText(json, '{"files": {"a.png": 1, "b.png": 2, "d.png": 4}}');
    await rejects(readBracket([dir]), /exposures\.json: "files" no time for c\.png; d\.png is not an LDR image in the folder; the folder's LDR images are a\.png, b\.png, c\.png/);
    await writeText(json, '{"times": [1, 2, 4], "stops": [0, 1, 2]}');
    await rejects(readBracket([dir]), /exposures\.json: expected \{"times": \[t1, \.\.\.\]\}, \{"stops": \[b1, \.\.\.\]\} or \{"files": .*, got \{"times"/);
    await writeText(json, '{"times": [1, 2, 4]');
    await rejects(readBracket([dir]), /exposures\.json: not valid JSON/);
    await rm(json);
    const txt = join(dir, 'exposure.txt');
    await writeText(txt, '-2\n0\n');
    await rejects(readBracket([dir]), /exposure\.txt lists 2 exposure biases but the folder has 3 LDR image\(s\)/);
    await writeText(txt, '-2\nzero\n2\n');
    await rejects(readBracket([dir]), /exposure\.txt: 'zero' is not a number; the file holds one exposure bias in stops per line/);
    const stray = await writeJpeg(join(dir, 'sub', 'd.jpg'), 4);
    await writeText(join(dir, 'sub', 'exposure.txt'), '0\n');
    await writeJpeg(join(dir, 'sub', 'e.JPG'), 5);
    await rejects(readBracket([stray, join(dir, 'sub', 'e.JPG')]), /exposure\.txt lists 1 exposure biases but the folder has 2 LDR image\(s\) \(d\.jpg, e\.JPG\)/);
    await writeText(join(dir, 'sub', 'exposure.txt'), '0\n1\n');
    await writeJpeg(join(dir, 'sub', '.f.jpg'), 6);
    await rejects(readBracket([stray, join(dir, 'sub', '.f.jpg')]), /exposure\.txt gives no time for .*\.f\.jpg: it lists the folder's LDR images \(d\.jpg, e\.JPG\); rename the file or give --times/);
  });

  it('says how to give times when none are found', async () => {
    const dir = await folder();
    await writeJpeg(join(dir, 'a.jpg'), 1, '1/100');
    await writeJpeg(join(dir, 'b.jpg'), 2);
    const message = new RegExp(
      `^${dir}: no exposure times found\\. Give them one of three ways: --times T1,T2,\\.\\.\\. \\(one per file, in file-name order.*` +
        `a sidecar in ${dir}: exposures\\.json .* or exposure\\.txt .*; or files whose EXIF has ExposureTime \\(b\\.jpg lacks it\\)$`,
    );
    await rejects(readBracket([dir]), message);
    await rejects(readBracket([join(dir, 'b.jpg'), join(dir, 'a.jpg')]), /no exposure times found.*in the order given.*\(b\.jpg lacks it\)/);
  });

  it('refuses unusable paths', async () => {
    const dir = await folder();
    const file = await writePng(join(dir, 'a.png'), 1);
    await rejects(readBracket([]), /no exposures given; give the bracket's exposure files/);
    await rejects(readBracket([join(dir, 'missing.png')]), /missing\.png does not exist/);
    await rejects(readBracket([dir, file]), /is a folder: give either one bracket folder or the exposure files, not both/);
    await rejects(readBracket([file, file], { times: [1, 2] }), /a\.png given more than once/);
    const empty = await folder();
    await writeText(join(empty, 'HDRImg.hdr'), '#?RADIANCE\n');
    await rejects(readBracket([empty]), /no LDR exposures \(\.png, \.jpg, \.jpeg, \.tif, \.tiff\) in the folder \(it holds HDRImg\.hdr\)/);
  });
});
