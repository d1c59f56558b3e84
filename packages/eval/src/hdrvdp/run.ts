import type { HdrImage } from '@hdr-lab/core';
import { resolveHdrVdpOptions, type HdrVdpOptions } from './options.js';
import { planPair } from './pair.js';
import type { HdrVdpResult } from './result.js';
import { HdrVdpSession } from './session.js';

export interface HdrVdpPair {
  /** Names the pair in errors; 'pair <n>' (1-based) when left out. */
  readonly id?: string;
  readonly reference: HdrImage;
  readonly test: HdrImage;
}

export type HdrVdpProgress = (done: number, total: number, result: HdrVdpResult) => void;

/**
 * Scores every pair with one interpreter process. All pairs are checked before the interpreter starts; the
 * first failure stops the batch (the interpreter is shut down either way).
 */
export async function runHdrVdp(pairs: readonly HdrVdpPair[], options: HdrVdpOptions = {}, onProgress?: HdrVdpProgress): Promise<HdrVdpResult[]> {
  const settings = resolveHdrVdpOptions(options);
  const label = (pair: HdrVdpPair, index: number) => pair.id ?? `pair ${index + 1}`;
  pairs.forEach((pair, index) => planPair(pair.reference, pair.test, settings, label(pair, index)));
  const session = await HdrVdpSession.start(options);
  try {
    const results: HdrVdpResult[] = [];
    for (const [index, pair] of pairs.entries()) {
      const result = await session.compare(pair.reference, pair.test, label(pair, index));
      results.push(result);
      onProgress?.(results.length, pairs.length, result);
    }
    return results;
  } finally {
    await session.close();
  }
}
