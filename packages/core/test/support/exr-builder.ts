/**
 * Builds small uncompressed OpenEXR files byte by byte, for cases no tool here writes: UINT channels,
 * layered and long names, odd channel sets, unusual line orders and damaged offset tables.
 */
import { floatToHalf } from '../../src/io/exr/half.js';

export const PixelType = { uint: 0, half: 1, float: 2 } as const;

export interface BuiltChannel {
  readonly name: string;
  readonly type: keyof typeof PixelType;
  readonly xSampling?: number;
  readonly ySampling?: number;
}

export interface ExrBuildOptions {
  readonly width: number;
  readonly height: number;
  /** Stored in this order; the format wants name order, which is what OpenEXR writers produce. */
  readonly channels: readonly BuiltChannel[];
  /** Sample value of channel `name` at data-window pixel (x, y) counted from the window's corner. */
  readonly sample: (name: string, x: number, y: number) => number;
  /** Data window corner; the display window is always (0, 0) to (width - 1, height - 1). */
  readonly origin?: readonly [number, number];
  /** Tile size for a tiled file; omitted for a scanline file with one line per chunk. */
  readonly tile?: readonly [number, number];
  /** Lower resolution levels of a tiled file, stored after level 0 and filled with zeros. */
  readonly levels?: { readonly mode: 'mipmap' | 'ripmap'; readonly rounding: 'down' | 'up' };
  /** Value of the `lineOrder` attribute (0 increasing, 1 decreasing, 2 random). */
  readonly lineOrder?: 0 | 1 | 2;
  /** Order of the chunks in the file, as indices of the blocks (row-major); the table still points right. */
  readonly chunkOrder?: (blockCount: number) => number[];
  /** Flag bits added to the version field (0x400 long names, 0x800 deep, 0x1000 multi-part). */
  readonly extraFlags?: number;
  /** Overrides of the compression code, for rejection tests. */
  readonly compression?: number;
  readonly extraAttributes?: readonly { name: string; type: string; value: Uint8Array }[];
}

class Bytes {
  readonly parts: number[] = [];
  private readonly view = new DataView(new ArrayBuffer(8));

  u8(value: number): this {
    this.parts.push(value & 0xff);
    return this;
  }
  private copy(count: number): this {
    for (let i = 0; i < count; i++) this.parts.push(this.view.getUint8(i));
    return this;
  }
  i32(value: number): this {
    this.view.setInt32(0, value, true);
    return this.copy(4);
  }
  u32(value: number): this {
    this.view.setUint32(0, value, true);
    return this.copy(4);
  }
  f32(value: number): this {
    this.view.setFloat32(0, value, true);
    return this.copy(4);
  }
  u16(value: number): this {
    this.view.setUint16(0, value, true);
    return this.copy(2);
  }
  u64(value: number): this {
    this.view.setBigUint64(0, BigInt(value), true);
    return this.copy(8);
  }
  text(value: string): this {
    for (const byte of new TextEncoder().encode(value)) this.parts.push(byte);
    return this.u8(0);
  }
  bytes(values: ArrayLike<number>): this {
    for (let i = 0; i < values.length; i++) this.parts.push(values[i]);
    return this;
  }
  get length(): number {
    return this.parts.length;
  }
}

function attribute(out: Bytes, name: string, type: string, value: Bytes | Uint8Array): void {
  const bytes = value instanceof Bytes ? value.parts : value;
  out.text(name).text(type).i32(bytes.length).bytes(bytes);
}

interface Block {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly lines: number;
  readonly column: number;
  readonly row: number;
  readonly levelX: number;
  readonly levelY: number;
}

function blocksOfLevel(options: ExrBuildOptions, width: number, height: number, levelX: number, levelY: number): Block[] {
  const [tileWidth, tileHeight] = options.tile ?? [options.width, 1];
  const blocks: Block[] = [];
  for (let row = 0; row * tileHeight < height; row++) {
    for (let column = 0; column * tileWidth < width; column++) {
      const x = column * tileWidth;
      const y = row * tileHeight;
      const lines = Math.min(tileHeight, height - y);
      blocks.push({ x, y, width: Math.min(tileWidth, width - x), lines, column, row, levelX, levelY });
    }
  }
  return blocks;
}

/** Resolution levels of a dimension, per the OpenEXR specification: log2 of the size, rounded, plus one. */
function levelCount(size: number, rounding: 'down' | 'up'): number {
  const log = Math.log2(size);
  return (rounding === 'up' ? Math.ceil(log) : Math.floor(log)) + 1;
}

function levelSize(size: number, level: number, rounding: 'down' | 'up'): number {
  const divided = size / 2 ** level;
  return Math.max(1, rounding === 'up' ? Math.ceil(divided) : Math.floor(divided));
}

function blocksOf(options: ExrBuildOptions): Block[] {
  const { width, height, levels } = options;
  if (levels === undefined) return blocksOfLevel(options, width, height, 0, 0);
  const { rounding } = levels;
  const blocks: Block[] = [];
  if (levels.mode === 'mipmap') {
    for (let l = 0; l < levelCount(Math.max(width, height), rounding); l++) {
      blocks.push(...blocksOfLevel(options, levelSize(width, l, rounding), levelSize(height, l, rounding), l, l));
    }
    return blocks;
  }
  for (let ly = 0; ly < levelCount(height, rounding); ly++) {
    for (let lx = 0; lx < levelCount(width, rounding); lx++) {
      blocks.push(...blocksOfLevel(options, levelSize(width, lx, rounding), levelSize(height, ly, rounding), lx, ly));
    }
  }
  return blocks;
}

function blockData(options: ExrBuildOptions, block: Block): Bytes {
  const data = new Bytes();
  const fullResolution = block.levelX === 0 && block.levelY === 0;
  for (let line = block.y; line < block.y + block.lines; line++) {
    for (const channel of options.channels) {
      for (let x = block.x; x < block.x + block.width; x++) {
        const value = fullResolution ? options.sample(channel.name, x, line) : 0;
        if (channel.type === 'half') data.u16(floatToHalf(value));
        else if (channel.type === 'float') data.f32(value);
        else data.u32(value);
      }
    }
  }
  return data;
}

/** Returns the file and where its offset table starts (to let tests damage it). */
export function buildExr(options: ExrBuildOptions): { bytes: Uint8Array; tableStart: number } {
  const [x0, y0] = options.origin ?? [0, 0];
  const tiled = options.tile !== undefined;
  const out = new Bytes().u8(0x76).u8(0x2f).u8(0x31).u8(0x01);
  out.i32(2 | (tiled ? 0x200 : 0) | (options.extraFlags ?? 0));
  const channelList = new Bytes();
  for (const channel of options.channels) {
    channelList.text(channel.name).i32(PixelType[channel.type]).i32(0);
    channelList.i32(channel.xSampling ?? 1).i32(channel.ySampling ?? 1);
  }
  channelList.u8(0);
  const box = (xMin: number, yMin: number) =>
    new Bytes().i32(xMin).i32(yMin).i32(xMin + options.width - 1).i32(yMin + options.height - 1);
  attribute(out, 'channels', 'chlist', channelList);
  attribute(out, 'compression', 'compression', new Bytes().u8(options.compression ?? 0));
  attribute(out, 'dataWindow', 'box2i', box(x0, y0));
  attribute(out, 'displayWindow', 'box2i', box(0, 0));
  attribute(out, 'lineOrder', 'lineOrder', new Bytes().u8(options.lineOrder ?? 0));
  attribute(out, 'pixelAspectRatio', 'float', new Bytes().f32(1));
  attribute(out, 'screenWindowCenter', 'v2f', new Bytes().f32(0).f32(0));
  attribute(out, 'screenWindowWidth', 'float', new Bytes().f32(1));
  if (options.tile) {
    const levelMode = options.levels === undefined ? 0 : options.levels.mode === 'mipmap' ? 1 : 2;
    const rounding = options.levels?.rounding === 'up' ? 1 : 0;
    const [tileWidth, tileHeight] = options.tile;
    attribute(out, 'tiles', 'tiledesc', new Bytes().u32(tileWidth).u32(tileHeight).u8(levelMode | (rounding << 4)));
  }
  for (const extra of options.extraAttributes ?? []) attribute(out, extra.name, extra.type, extra.value);
  out.u8(0);
  const blocks = blocksOf(options);
  const tableStart = out.length;
  const chunks = blocks.map((block) => {
    const data = blockData(options, block);
    const chunk = tiled
      ? new Bytes().i32(block.column).i32(block.row).i32(block.levelX).i32(block.levelY)
      : new Bytes().i32(y0 + block.y);
    return chunk.i32(data.length).bytes(data.parts);
  });
  const order = options.chunkOrder?.(blocks.length) ?? blocks.map((_, i) => i);
  const offsets = new Array<number>(blocks.length);
  let at = tableStart + 8 * blocks.length;
  for (const index of order) {
    offsets[index] = at;
    at += chunks[index].length;
  }
  for (const offset of offsets) out.u64(offset);
  for (const index of order) out.bytes(chunks[index].parts);
  return { bytes: Uint8Array.from(out.parts), tableStart };
}
