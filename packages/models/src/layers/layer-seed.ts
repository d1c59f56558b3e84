/**
 * A seed for one initialiser, from the run's seed and the layer's name (FNV-1a), so every layer gets its own
 * stream and two builds with the same seed give identical weights whatever order layers are made in.
 */
export function layerSeed(seed: number, name: string): number {
  let hash = 0x811c9dc5;
  for (const char of `${seed}/${name}`) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
