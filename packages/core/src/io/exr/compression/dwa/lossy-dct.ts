import { ExrPixelType, type ExrBlockLayout } from '../types.js';
import type { DwaBlockGeometry } from './block-geometry.js';
import { dwaError } from './dwa-error.js';
import { decodeLossyGroup, type KernelChunk } from './kernel.js';

/**
 * Decodes the lossy groups (single channels, and R, G, B sets stored as Y'CbCr) in the writer's order,
 * block by block in the WebAssembly kernel: DC from its plane, AC expanded from zig-zag runs, inverse DCT,
 * colour conversion, rounding to half, then the perceptual-to-linear table (skipped for a lone channel
 * flagged pLinear, which was coded without it). The groups share the AC stream, each taking its
 * blocks' values in turn, and the DC stream plane after plane.
 */
export function decodeLossyGroups(
  chunk: KernelChunk,
  groups: readonly (readonly number[])[],
  acCount: number,
  acSectionAt: number,
  geometry: DwaBlockGeometry,
  layout: ExrBlockLayout,
): void {
  const blocks = ((layout.width + 7) >> 3) * ((layout.lines + 7) >> 3);
  let acAt = 0;
  let dcAt = 0;
  for (const group of groups) {
    const channels = group.map((index) => ({
      lineOffset: geometry.channelOffsets[index],
      isFloat: layout.channels[index].pixelType === ExrPixelType.Float,
    }));
    const linear = !(group.length === 1 && layout.channels[group[0]].pLinear);
    acAt = decodeLossyGroup(chunk, channels, dcAt, acAt, acCount, geometry.lineStride, layout, linear);
    if (acAt < 0) {
      const detail = `all ${acCount} are used up`;
      throw dwaError(layout, acSectionAt, 'enough DWA AC values for every block', detail);
    }
    dcAt += group.length * blocks;
  }
}
