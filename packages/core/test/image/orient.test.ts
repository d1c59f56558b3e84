import { describe, expect, it } from 'vitest';
import { createHdrImage } from '../../src/image/hdr-image.js';
import { flipHorizontal, rotateQuarterTurns } from '../../src/image/orient.js';

describe('orientation', () => {
  // 3 x 2 single-channel image:  1 2 3 / 4 5 6
  const image = createHdrImage(3, 2, 1, Float32Array.from([1, 2, 3, 4, 5, 6]));

  it('flips left to right', () => {
    expect(Array.from(flipHorizontal(image).data)).toEqual([3, 2, 1, 6, 5, 4]);
  });

  it('turns counter-clockwise by quarter turns, swapping width and height for odd turns', () => {
    const once = rotateQuarterTurns(image, 1);
    expect([once.width, once.height]).toEqual([2, 3]);
    expect(Array.from(once.data)).toEqual([3, 6, 2, 5, 1, 4]);
    expect(Array.from(rotateQuarterTurns(image, 2).data)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(Array.from(rotateQuarterTurns(image, 3).data)).toEqual([4, 1, 5, 2, 6, 3]);
    expect(Array.from(rotateQuarterTurns(image, -1).data)).toEqual(Array.from(rotateQuarterTurns(image, 3).data));
    expect(Array.from(rotateQuarterTurns(rotateQuarterTurns(image, 1), 3).data)).toEqual(Array.from(image.data));
  });
});
