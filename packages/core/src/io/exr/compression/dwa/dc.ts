import { inflateExactly } from '../inflate.js';
import type { ExrBlockLayout } from '../types.js';
import { dwaError } from './dwa-error.js';

/**
 * The DC coefficient of every lossy block (one half per block, plane after plane), stored like a ZIP
 * block: zlib over the low bytes then the high bytes of the values, each byte the difference to the byte
 * before plus 128. One running sum through both halves restores them into `values` (`count` slots).
 */
export function decodeDcValues(
  chunk: Uint8Array,
  at: number,
  size: number,
  count: number,
  layout: ExrBlockLayout,
  values: Uint16Array,
): void {
  if (count === 0) return;
  if (size === 0) throw dwaError(layout, at, 'a DWA DC section', `${count} DC values are announced with 0 bytes`);
  const predicted = inflateExactly(chunk.subarray(at, at + size), count * 2, layout, 'DWA DC');
  let running = predicted[0];
  values[0] = running;
  for (let i = 1; i < count; i++) {
    running = (running + predicted[i] + 128) & 0xff;
    values[i] = running;
  }
  for (let i = 0; i < count; i++) {
    running = (running + predicted[count + i] + 128) & 0xff;
    values[i] |= running << 8;
  }
}
