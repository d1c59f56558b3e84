import { createHdrImage, type HdrImage } from '@hdr-lab/core';
import type { Random } from '../../random/index.js';

/** A moving foreground region: an axis-aligned rectangle of the reference frame, in pixels. */
export interface Patch {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Offset {
  readonly dx: number;
  readonly dy: number;
}

/** `count` rectangles whose sides are `size` (fractions of the shorter image side, drawn per side) long. */
export function drawPatches(random: Random, width: number, height: number, count: number, size: readonly [number, number]): Patch[] {
  const shorter = Math.min(width, height);
  const side = () => Math.max(1, Math.min(shorter, Math.round(random.uniformIn(size[0], size[1]) * shorter)));
  const patches: Patch[] = [];
  for (let i = 0; i < count; i++) {
    const w = side();
    const h = side();
    patches.push({ x: random.int(0, width - w), y: random.int(0, height - h), width: w, height: h });
  }
  return patches;
}

/** Whole-pixel displacements up to `maxShift` per axis, limited so each patch stays inside the image. */
export function drawOffsets(random: Random, patches: readonly Patch[], width: number, height: number, maxShift: number): Offset[] {
  return patches.map((patch) => {
    const dx = random.int(-maxShift, maxShift);
    const dy = random.int(-maxShift, maxShift);
    return {
      dx: Math.min(width - patch.width - patch.x, Math.max(-patch.x, dx)),
      dy: Math.min(height - patch.height - patch.y, Math.max(-patch.y, dy)),
    };
  });
}

export interface MovedScene {
  readonly image: HdrImage;
  /** 1 on every pixel a patch left or arrived at (one byte a pixel). */
  readonly moving: Uint8Array;
}

/**
 * The scene as a non-reference exposure sees it: each patch's reference content copied to its displaced
 * place, in order, over whatever was there. The place it left keeps the reference content (what lay behind
 * the object is unknown) but is marked moving all the same, as is the place it arrived at.
 */
export function movePatches(image: HdrImage, patches: readonly Patch[], offsets: readonly Offset[]): MovedScene {
  const { width, height, channels, data } = image;
  const out = data.slice();
  const moving = new Uint8Array(width * height);
  patches.forEach((patch, index) => {
    const { dx, dy } = offsets[index]!;
    for (let row = 0; row < patch.height; row++) {
      const from = (patch.y + row) * width + patch.x;
      const to = (patch.y + dy + row) * width + patch.x + dx;
      out.set(data.subarray(from * channels, (from + patch.width) * channels), to * channels);
      moving.fill(1, from, from + patch.width);
      moving.fill(1, to, to + patch.width);
    }
  });
  return { image: createHdrImage(width, height, channels, out), moving };
}

/** 1 inside any patch's reference place. */
export function patchMask(width: number, height: number, patches: readonly Patch[]): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (const patch of patches) {
    for (let row = 0; row < patch.height; row++) {
      const start = (patch.y + row) * width + patch.x;
      mask.fill(1, start, start + patch.width);
    }
  }
  return mask;
}
