import { HdrFormatError } from '../../errors.js';
import { undoPredictorAndReorder } from './byte-predictor.js';
import type { ExrBlockLayout } from './types.js';

function corrupt(layout: ExrBlockLayout, detail: string): never {
  throw new HdrFormatError(layout.source, `RLE data decoding to ${layout.uncompressedSize} bytes`, layout.offset, detail);
}

/**
 * RLE: signed count bytes, a negative count -n followed by n literal bytes, a count n >= 0 followed by one
 * byte repeated n + 1 times; then the shared byte predictor.
 */
export function decompressRle(compressed: Uint8Array, layout: ExrBlockLayout): Uint8Array {
  const size = layout.uncompressedSize;
  const predicted = new Uint8Array(size);
  const length = compressed.length;
  let inAt = 0;
  let outAt = 0;
  while (inAt < length) {
    const count = (compressed[inAt++] << 24) >> 24;
    if (count < 0) {
      const literals = -count;
      if (inAt + literals > length) corrupt(layout, `a literal run at input byte ${inAt - 1} passes the chunk end`);
      if (outAt + literals > size) corrupt(layout, 'it decodes to more bytes');
      for (let i = 0; i < literals; i++) predicted[outAt + i] = compressed[inAt + i];
      inAt += literals;
      outAt += literals;
    } else {
      const repeats = count + 1;
      if (inAt >= length) corrupt(layout, 'a repeat run lacks its byte');
      if (outAt + repeats > size) corrupt(layout, 'it decodes to more bytes');
      predicted.fill(compressed[inAt++], outAt, outAt + repeats);
      outAt += repeats;
    }
  }
  if (outAt !== size) corrupt(layout, `it decodes to ${outAt} bytes`);
  return undoPredictorAndReorder(predicted);
}
