import { undoPredictorAndReorder } from './byte-predictor.js';
import { inflateExactly } from './inflate.js';
import type { ExrBlockLayout } from './types.js';

/** ZIPS (one line per block) and ZIP (16 lines per block): zlib, then the shared byte predictor. */
export function decompressZip(compressed: Uint8Array, layout: ExrBlockLayout): Uint8Array {
  return undoPredictorAndReorder(inflateExactly(compressed, layout.uncompressedSize, layout, 'ZIP'));
}
