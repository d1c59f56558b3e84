import { HdrFormatError } from '../../errors.js';
import type { ExrBlockLayout } from './types.js';

export function decompressPiz(_compressed: Uint8Array, layout: ExrBlockLayout): Uint8Array {
  throw new HdrFormatError(layout.source, 'piz support', layout.offset, 'not available yet');
}
