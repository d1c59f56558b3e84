import { inflateSync } from 'node:zlib';
import { HdrFormatError } from '../../errors.js';
import type { ExrBlockLayout } from './types.js';

/**
 * Inflates a zlib stream that must produce exactly `expectedSize` bytes. The output limit is passed to
 * zlib, so a corrupt or hostile stream cannot make it allocate more than the block needs.
 */
export function inflateExactly(
  compressed: Uint8Array,
  expectedSize: number,
  layout: ExrBlockLayout,
  codec: string,
): Uint8Array {
  let inflated: Uint8Array;
  try {
    inflated = inflateSync(compressed, { maxOutputLength: expectedSize });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HdrFormatError(layout.source, `a valid ${codec} zlib stream`, layout.offset, reason);
  }
  if (inflated.length !== expectedSize) {
    throw new HdrFormatError(
      layout.source,
      `${codec} data inflating to ${expectedSize} bytes`,
      layout.offset,
      `got ${inflated.length} bytes for the block at y=${layout.y}`,
    );
  }
  return inflated;
}
