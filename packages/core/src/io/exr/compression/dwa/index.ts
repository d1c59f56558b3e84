import { HdrFormatError } from '../../../errors.js';
import type { ExrBlockLayout } from '../types.js';

export function decompressDwa(_compressed: Uint8Array, layout: ExrBlockLayout): Uint8Array {
  throw new HdrFormatError(layout.source, 'dwa support', layout.offset, 'not available yet');
}
