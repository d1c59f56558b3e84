import { HdrFormatError } from '../../errors.js';
import type { ExrBlockLayout } from './types.js';

export function decompressB44(_compressed: Uint8Array, layout: ExrBlockLayout): Uint8Array {
  throw new HdrFormatError(layout.source, 'b44 support', layout.offset, 'not available yet');
}
