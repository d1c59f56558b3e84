import { HdrFormatError } from '../../errors.js';
import { decompressB44 } from './b44.js';
import { decompressDwa } from './dwa/index.js';
import { decompressPiz } from './piz.js';
import { decompressPxr24 } from './pxr24.js';
import { decompressRle } from './rle.js';
import type { ExrBlockLayout, ExrDecompressor } from './types.js';
import { decompressZip } from './zip.js';

export type ExrCompressionName = 'none' | 'rle' | 'zips' | 'zip' | 'piz' | 'pxr24' | 'b44' | 'b44a' | 'dwaa' | 'dwab';

export interface ExrCompression {
  /** Code stored in the `compression` attribute. */
  readonly code: number;
  readonly name: ExrCompressionName;
  /** Scanlines per chunk in scanline files (a tiled file always stores one tile per chunk). */
  readonly linesPerBlock: number;
  /**
   * Restores a chunk whose stored size is below its uncompressed size; chunks stored at exactly their
   * uncompressed size are raw whatever the compression, and never reach this.
   */
  readonly decompress: ExrDecompressor;
}

function rejectShortUncompressed(compressed: Uint8Array, layout: ExrBlockLayout): Uint8Array {
  throw new HdrFormatError(
    layout.source,
    `an uncompressed chunk of ${layout.uncompressedSize} bytes`,
    layout.offset,
    `it holds ${compressed.length} bytes`,
  );
}

/** Indexed by compression code. */
const COMPRESSIONS: readonly ExrCompression[] = [
  { code: 0, name: 'none', linesPerBlock: 1, decompress: rejectShortUncompressed },
  { code: 1, name: 'rle', linesPerBlock: 1, decompress: decompressRle },
  { code: 2, name: 'zips', linesPerBlock: 1, decompress: decompressZip },
  { code: 3, name: 'zip', linesPerBlock: 16, decompress: decompressZip },
  { code: 4, name: 'piz', linesPerBlock: 32, decompress: decompressPiz },
  { code: 5, name: 'pxr24', linesPerBlock: 16, decompress: decompressPxr24 },
  { code: 6, name: 'b44', linesPerBlock: 32, decompress: decompressB44 },
  { code: 7, name: 'b44a', linesPerBlock: 32, decompress: decompressB44 },
  { code: 8, name: 'dwaa', linesPerBlock: 32, decompress: decompressDwa },
  { code: 9, name: 'dwab', linesPerBlock: 256, decompress: decompressDwa },
];

export function compressionForCode(code: number): ExrCompression | undefined {
  return COMPRESSIONS[code];
}
