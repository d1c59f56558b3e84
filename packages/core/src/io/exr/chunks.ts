import { HdrFormatError } from '../errors.js';
import type { ExrBlockGrid } from './block-grid.js';
import type { ExrHeader } from './header.js';

/** One full-resolution chunk, located and checked against the file size. */
export interface ExrChunk {
  /** Position and size of the block in the decoded image (data-window coordinates from 0). */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly lines: number;
  /** Where the stored (possibly compressed) data starts, and its size in bytes. */
  readonly dataOffset: number;
  readonly dataSize: number;
}

export interface ExrChunkList {
  /** Every full-resolution block exactly once, in file order. */
  readonly chunks: readonly ExrChunk[];
  /** True when the offset table was unusable and the chunks were found by walking the file. */
  readonly reconstructed: boolean;
}

function readInt32(bytes: Uint8Array, at: number): number {
  return bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24);
}

function readUint64(bytes: Uint8Array, at: number): number {
  return (readInt32(bytes, at) >>> 0) + (readInt32(bytes, at + 4) >>> 0) * 2 ** 32;
}

/** A chunk of a lower-resolution level: valid, but not decoded. */
const OTHER_LEVEL = -1;
/** Coordinates no chunk of this file can have. */
const NOT_A_BLOCK = -2;

/** Reads a chunk's own coordinates: its full-resolution block index, or OTHER_LEVEL, or NOT_A_BLOCK. */
type BlockIndexReader = (bytes: Uint8Array, at: number) => number;

function scanlineIndexReader(header: ExrHeader, grid: ExrBlockGrid): BlockIndexReader {
  const { yMin } = header.dataWindow;
  const { blockHeight, rows } = grid;
  return (bytes, at) => {
    const offsetFromTop = readInt32(bytes, at) - yMin;
    const row = offsetFromTop / blockHeight;
    return Number.isInteger(row) && row >= 0 && row < rows ? row : NOT_A_BLOCK;
  };
}

function tileIndexReader(grid: ExrBlockGrid): BlockIndexReader {
  const { columns, rows } = grid;
  return (bytes, at) => {
    const column = readInt32(bytes, at);
    const row = readInt32(bytes, at + 4);
    const levelX = readInt32(bytes, at + 8);
    const levelY = readInt32(bytes, at + 12);
    if (levelX < 0 || levelY < 0 || column < 0 || row < 0) return NOT_A_BLOCK;
    if (levelX !== 0 || levelY !== 0) return OTHER_LEVEL;
    return column < columns && row < rows ? row * columns + column : NOT_A_BLOCK;
  };
}

function describeBlock(index: number, header: ExrHeader, grid: ExrBlockGrid): string {
  if (!header.tiled) return `lines from y=${header.dataWindow.yMin + index * grid.blockHeight}`;
  return `tile (${index % grid.columns}, ${Math.floor(index / grid.columns)}) of level 0`;
}

function chunkAt(index: number, at: number, size: number, grid: ExrBlockGrid, header: ExrHeader): ExrChunk {
  const column = index % grid.columns;
  const row = Math.floor(index / grid.columns);
  const x = column * grid.blockWidth;
  const y = row * grid.blockHeight;
  return {
    x,
    y,
    width: Math.min(grid.blockWidth, header.width - x),
    lines: Math.min(grid.blockHeight, header.height - y),
    dataOffset: at + grid.chunkHeaderSize,
    dataSize: size,
  };
}

/**
 * Walks the chunks one after another from the end of the offset table, as OpenEXR does for files whose
 * writer died before it could fill the table in. Stops at the first chunk that does not fit the file.
 */
function scanForChunks(bytes: Uint8Array, tableEnd: number, grid: ExrBlockGrid, readIndex: BlockIndexReader): Float64Array {
  const found = new Float64Array(grid.columns * grid.rows).fill(-1);
  const headerSize = grid.chunkHeaderSize;
  let at = tableEnd;
  while (at + headerSize <= bytes.length) {
    const size = readInt32(bytes, at + headerSize - 4);
    if (size < 0 || size > bytes.length - at - headerSize) break;
    const index = readIndex(bytes, at);
    if (index === NOT_A_BLOCK) break;
    if (index >= 0 && found[index] < 0) found[index] = at;
    at += headerSize + size;
  }
  return found;
}

function readOffsetTable(bytes: Uint8Array, tableStart: number, tableEnd: number, count: number): Float64Array | undefined {
  const offsets = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const offset = readUint64(bytes, tableStart + 8 * i);
    if (offset < tableEnd || offset > bytes.length) return undefined;
    offsets[i] = offset;
  }
  return offsets;
}

/**
 * Finds every full-resolution chunk through the offset table, trusting each chunk's own coordinates for
 * where its pixels go (line order and tile order are free). If any table entry points outside the chunk
 * area, the table is rebuilt by walking the chunks; a block that is still missing, found twice, or whose
 * data passes the end of the file is an error.
 */
export function locateChunks(bytes: Uint8Array, header: ExrHeader, grid: ExrBlockGrid, source: string): ExrChunkList {
  const tableStart = header.end;
  const tableEnd = tableStart + 8 * grid.tableEntries;
  if (tableEnd > bytes.length) {
    throw new HdrFormatError(
      source,
      `an offset table of ${grid.tableEntries} entries within the file`,
      tableStart,
      `the file has ${bytes.length} bytes`,
    );
  }
  const blockCount = grid.columns * grid.rows;
  const readIndex = header.tiled ? tileIndexReader(grid) : scanlineIndexReader(header, grid);
  const tableOffsets = readOffsetTable(bytes, tableStart, tableEnd, blockCount);
  const offsets = tableOffsets ?? scanForChunks(bytes, tableEnd, grid, readIndex);
  const headerSize = grid.chunkHeaderSize;
  const seen = new Uint8Array(blockCount);
  const chunks: ExrChunk[] = [];
  for (let entry = 0; entry < blockCount; entry++) {
    const at = offsets[entry];
    if (at < 0) {
      const missing = describeBlock(entry, header, grid);
      throw new HdrFormatError(
        source,
        'a chunk for every block',
        tableStart,
        `the offset table points outside the file and no chunk holds ${missing} (truncated file?)`,
      );
    }
    if (at + headerSize > bytes.length) {
      throw new HdrFormatError(source, 'a complete chunk header', at, 'file ends');
    }
    const index = readIndex(bytes, at);
    if (index < 0) {
      throw new HdrFormatError(source, 'chunk coordinates of a full-resolution block in the data window', at);
    }
    if (seen[index]) {
      throw new HdrFormatError(source, 'each block stored once', at, `${describeBlock(index, header, grid)} appears again`);
    }
    seen[index] = 1;
    const size = readInt32(bytes, at + headerSize - 4);
    if (size < 0 || size > bytes.length - at - headerSize) {
      throw new HdrFormatError(source, 'chunk data within the file', at + headerSize - 4, `declared size ${size}`);
    }
    chunks.push(chunkAt(index, at, size, grid, header));
  }
  chunks.sort((a, b) => a.dataOffset - b.dataOffset);
  return { chunks, reconstructed: tableOffsets === undefined };
}
