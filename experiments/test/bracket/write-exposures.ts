import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import sharp from 'sharp';

export const WIDTH = 8;
export const HEIGHT = 6;

/** Distinct codes per exposure, so a test can tell which file became which exposure. */
export function codesFor(seed: number, max: number, channels = 3, width = WIDTH, height = HEIGHT): number[] {
  return Array.from({ length: width * height * channels }, (_, i) => (seed * 7919 + i * 104729) % (max + 1));
}

async function save(path: string, bytes: Buffer): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
  return path;
}

/** An 8-bit PNG (1, 3 or 4 channels) holding `codesFor(seed)`. */
export async function writePng(path: string, seed: number, options: { channels?: 1 | 3 | 4; width?: number; height?: number } = {}): Promise<string> {
  const { channels = 3, width = WIDTH, height = HEIGHT } = options;
  const codes = Buffer.from(codesFor(seed, 255, channels, width, height));
  const space = channels === 1 ? 'b-w' : 'srgb';
  return save(path, await sharp(codes, { raw: { width, height, channels } }).toColourspace(space).png().toBuffer());
}

/** A 16-bit RGB TIFF as Kalantari's dataset ships them (lossless: sharp's TIFF default is JPEG). */
export async function writeTiff16(path: string, seed: number): Promise<string> {
  const codes = Uint16Array.from(codesFor(seed, 65535));
  const bytes = await sharp(codes, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } }).toColourspace('rgb16').tiff({ compression: 'lzw' }).toBuffer();
  return save(path, bytes);
}

/** A JPEG whose EXIF holds ExposureTime (a rational written as e.g. '1/250'), or no EXIF at all. */
export async function writeJpeg(path: string, seed: number, exposureTime?: string): Promise<string> {
  const pipeline = sharp(Buffer.from(codesFor(seed, 255)), { raw: { width: WIDTH, height: HEIGHT, channels: 3 } }).jpeg({ quality: 95 });
  const withExif = exposureTime === undefined ? pipeline : pipeline.withExif({ IFD0: { Make: 'hdr-lab' }, IFD2: { ExposureTime: exposureTime } });
  return save(path, await withExif.toBuffer());
}

export async function writeText(path: string, text: string): Promise<string> {
  return save(path, Buffer.from(text));
}
