import { ExrLevelMode, ExrRoundingMode, type ExrTileDescription } from './attributes.js';
import type { ExrHeader } from './header.js';

/**
 * How the full-resolution image is cut into chunks: a grid of `columns` x `rows` blocks of
 * `blockWidth` x `blockHeight` pixels (scanline files have one column of full-width line blocks),
 * the edge blocks being cut to the data window.
 */
export interface ExrBlockGrid {
  readonly blockWidth: number;
  readonly blockHeight: number;
  readonly columns: number;
  readonly rows: number;
  /** Entries in the offset table: the full-resolution blocks first, then those of any lower levels. */
  readonly tableEntries: number;
  /** Bytes before a chunk's data: y and size for scanlines; tile x, y, level x, y and size for tiles. */
  readonly chunkHeaderSize: 8 | 20;
  /** Resolution levels stored in the file (x levels times y levels for ripmaps). */
  readonly levels: number;
}

function roundedLog2(value: number, rounding: ExrRoundingMode): number {
  let log = 0;
  let remainder = 0;
  for (let v = value; v > 1; v = Math.floor(v / 2)) {
    if (v % 2 !== 0) remainder = 1;
    log++;
  }
  return rounding === ExrRoundingMode.Up ? log + remainder : log;
}

function levelSize(fullSize: number, level: number, rounding: ExrRoundingMode): number {
  const divisor = 2 ** level;
  const size = rounding === ExrRoundingMode.Up ? Math.ceil(fullSize / divisor) : Math.floor(fullSize / divisor);
  return Math.max(size, 1);
}

function tilesAcross(size: number, tileSize: number): number {
  return Math.ceil(size / tileSize);
}

function levelTileCounts(width: number, height: number, tiles: ExrTileDescription): { entries: number; levels: number } {
  const { levelMode, roundingMode } = tiles;
  if (levelMode === ExrLevelMode.OneLevel) {
    return { entries: tilesAcross(width, tiles.width) * tilesAcross(height, tiles.height), levels: 1 };
  }
  if (levelMode === ExrLevelMode.Mipmap) {
    const levels = roundedLog2(Math.max(width, height), roundingMode) + 1;
    let entries = 0;
    for (let level = 0; level < levels; level++) {
      entries +=
        tilesAcross(levelSize(width, level, roundingMode), tiles.width) *
        tilesAcross(levelSize(height, level, roundingMode), tiles.height);
    }
    return { entries, levels };
  }
  const xLevels = roundedLog2(width, roundingMode) + 1;
  const yLevels = roundedLog2(height, roundingMode) + 1;
  let columnsOverLevels = 0;
  for (let level = 0; level < xLevels; level++) {
    columnsOverLevels += tilesAcross(levelSize(width, level, roundingMode), tiles.width);
  }
  let rowsOverLevels = 0;
  for (let level = 0; level < yLevels; level++) {
    rowsOverLevels += tilesAcross(levelSize(height, level, roundingMode), tiles.height);
  }
  return { entries: columnsOverLevels * rowsOverLevels, levels: xLevels * yLevels };
}

/** The chunk grid of a validated header; sizes are bounded by the header's pixel-limit check. */
export function blockGrid(header: ExrHeader): ExrBlockGrid {
  const { width, height, tiles } = header;
  if (tiles === undefined) {
    const linesPerBlock = header.compression.linesPerBlock;
    const rows = Math.ceil(height / linesPerBlock);
    return {
      blockWidth: width,
      blockHeight: linesPerBlock,
      columns: 1,
      rows,
      tableEntries: rows,
      chunkHeaderSize: 8,
      levels: 1,
    };
  }
  const { entries, levels } = levelTileCounts(width, height, tiles);
  return {
    blockWidth: tiles.width,
    blockHeight: tiles.height,
    columns: tilesAcross(width, tiles.width),
    rows: tilesAcross(height, tiles.height),
    tableEntries: entries,
    chunkHeaderSize: 20,
    levels,
  };
}
