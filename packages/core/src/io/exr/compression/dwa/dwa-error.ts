import { HdrFormatError } from '../../../errors.js';
import type { ExrBlockLayout } from '../types.js';

/**
 * A DWA decoding failure at byte `at` of the chunk: the message names the file and the file offset, so a
 * damaged chunk can be found with a hex editor.
 */
export function dwaError(layout: ExrBlockLayout, at: number, expected: string, detail?: string): HdrFormatError {
  return new HdrFormatError(layout.source, expected, layout.offset + at, detail);
}
