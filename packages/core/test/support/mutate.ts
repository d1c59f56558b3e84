/**
 * Seeded corruption of real files for robustness tests: the kinds of damage downloads and disks produce
 * (truncation, bit rot, zeroed or 0xff runs) plus hostile edits aimed at size and offset fields.
 */
export type Rng = () => number;

/** Mulberry32: small, fast, and good enough to spread mutations; seeded so failures reproduce. */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EXTREME_INT32 = [0, 1, -1, 0x7fffffff, -0x80000000, 0x10000, 0x7fff, 0xffff, 65537, 1 << 24];

function pick(rng: Rng, below: number): number {
  return Math.floor(rng() * below);
}

/**
 * Returns one damaged copy of `original`. `headerBytes` bounds where header-targeted edits land, so that
 * most variants get past the magic number and exercise the deeper parsing.
 */
export function mutate(original: Uint8Array, rng: Rng, headerBytes: number): Uint8Array {
  const kind = pick(rng, 7);
  const bytes = Uint8Array.from(original);
  const anywhere = () => pick(rng, bytes.length);
  const inHeader = () => pick(rng, Math.min(headerBytes, bytes.length));
  switch (kind) {
    case 0:
      return original.slice(0, pick(rng, original.length));
    case 1: {
      const flips = 1 + pick(rng, 8);
      for (let i = 0; i < flips; i++) bytes[anywhere()] ^= 1 << pick(rng, 8);
      return bytes;
    }
    case 2: {
      const flips = 1 + pick(rng, 4);
      for (let i = 0; i < flips; i++) bytes[inHeader()] ^= 1 << pick(rng, 8);
      return bytes;
    }
    case 3: {
      const at = inHeader() & ~3;
      const value = EXTREME_INT32[pick(rng, EXTREME_INT32.length)];
      new DataView(bytes.buffer).setInt32(Math.min(at, bytes.length - 4), value, true);
      return bytes;
    }
    case 4: {
      const start = anywhere();
      const length = Math.min(1 + pick(rng, 64), bytes.length - start);
      bytes.fill(rng() < 0.5 ? 0 : 0xff, start, start + length);
      return bytes;
    }
    case 5: {
      const start = anywhere();
      const end = Math.min(bytes.length, start + 1 + pick(rng, 256));
      const out = new Uint8Array(bytes.length - (end - start));
      out.set(bytes.subarray(0, start));
      out.set(bytes.subarray(end), start);
      return out;
    }
    default: {
      const at = anywhere();
      for (let i = 0; i < 16 && at + i < bytes.length; i++) bytes[at + i] = pick(rng, 256);
      return bytes;
    }
  }
}
