import type { HdrImage } from '@hdr-lab/core';
import { pqInverseEotf } from './transfer-functions.js';

/**
 * ffmpeg's scene-change score (libavfilter select, `scene`) for frames that ffmpeg does not decode: the mean
 * absolute difference of consecutive frames in percent of full scale (mafd), and the score
 * min(mafd, |mafd - previous mafd|) / 100, clipped to [0, 1]. Linear frames are compared as PQ-encoded
 * luminance, the code values an HDR video of them would carry, with 1.0 taken as `referenceWhite` cd/m2.
 */
export class SceneScorer {
  private previous: Float32Array | undefined;
  private previousMafd = 0;

  constructor(
    private readonly luminanceWeights: readonly [number, number, number],
    private readonly referenceWhite: number,
  ) {}

  /** The score of `image` against the frame scored before it; 0 for the first frame or a change of size. */
  score(image: HdrImage): number {
    const [wr, wg, wb] = this.luminanceWeights;
    const pixels = image.width * image.height;
    const encoded = new Float32Array(pixels);
    const data = image.data;
    for (let p = 0; p < pixels; p++) {
      const y = wr * data[3 * p]! + wg * data[3 * p + 1]! + wb * data[3 * p + 2]!;
      encoded[p] = pqInverseEotf(y * this.referenceWhite);
    }
    const previous = this.previous;
    this.previous = encoded;
    if (!previous || previous.length !== pixels) {
      this.previousMafd = 0;
      return 0;
    }
    let sum = 0;
    for (let p = 0; p < pixels; p++) sum += Math.abs(encoded[p]! - previous[p]!);
    const mafd = (100 * sum) / pixels;
    const diff = Math.abs(mafd - this.previousMafd);
    this.previousMafd = mafd;
    return Math.min(Math.max(Math.min(mafd, diff) / 100, 0), 1);
  }
}
