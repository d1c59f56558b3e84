import { FramesError } from './errors.js';

/** Which frames to keep. `every` and `fps` exclude each other; the scene test applies to the frames they keep. */
export interface FrameSelection {
  /** Keep frames 0, N, 2N, ... of the decoded sequence. */
  readonly every?: number;
  /** Keep at most F frames per second: the first frame at or after each multiple of 1/F (never duplicated). */
  readonly fps?: number;
  /** Keep the first frame and every frame whose scene-change score (ffmpeg's, 0..1) exceeds T. */
  readonly sceneThreshold?: number;
  /** Stop after M frames. */
  readonly maxFrames?: number;
}

/** Refuses contradictory or out-of-range selections with a message that names the option. */
export function checkSelection(selection: FrameSelection): void {
  const { every, fps, sceneThreshold, maxFrames } = selection;
  if (every !== undefined && fps !== undefined) {
    throw new FramesError('invalid-option', '--every and --fps both choose a rate: give one of them');
  }
  if (every !== undefined && (!Number.isInteger(every) || every < 1)) {
    throw new FramesError('invalid-option', `--every must be a positive integer, got ${every}`);
  }
  if (fps !== undefined && !(Number.isFinite(fps) && fps > 0)) {
    throw new FramesError('invalid-option', `--fps must be a positive number, got ${fps}`);
  }
  if (sceneThreshold !== undefined && !(sceneThreshold > 0 && sceneThreshold < 1)) {
    throw new FramesError('invalid-option', `--scene-threshold must lie between 0 and 1 (ffmpeg's scene score), got ${sceneThreshold}`);
  }
  if (maxFrames !== undefined && (!Number.isInteger(maxFrames) || maxFrames < 1)) {
    throw new FramesError('invalid-option', `--max-frames must be a positive integer, got ${maxFrames}`);
  }
}

/**
 * A frame's time is rounded to microseconds before it is compared with the next 1/F slot, so that timestamps
 * such as 0.1 s written as 0.09999999 still fall on their slot.
 */
const SLOT_TOLERANCE = 1e-6;

/**
 * ffmpeg filters for the selection, in order (commas inside expressions escaped for the filtergraph
 * parser). The rate selector keeps its next slot in register 0 (`st`/`ld`), so frames are chosen by their
 * own timestamps, not re-timed or duplicated as the `fps` filter would.
 */
export function selectionFilters(selection: FrameSelection): string[] {
  const filters: string[] = [];
  if (selection.every !== undefined && selection.every > 1) filters.push(`select='not(mod(n\\,${selection.every}))'`);
  if (selection.fps !== undefined) {
    const slot = `t*${selection.fps}+${SLOT_TOLERANCE}`;
    filters.push(`select='if(gte(${slot}\\,ld(0))\\,st(0\\,floor(${slot})+1))'`);
  }
  if (selection.sceneThreshold !== undefined) filters.push(`select='eq(n\\,0)+gt(scene\\,${selection.sceneThreshold})'`);
  return filters;
}

/** Keeps the rate selection's state for frames given one at a time (frame sequences), matching the filters. */
export class RateSelector {
  private nextSlot = 0;
  constructor(private readonly selection: FrameSelection) {}

  /** Whether frame `index` at `seconds` is kept by `every` / `fps`. */
  keeps(index: number, seconds: number): boolean {
    if (this.selection.every !== undefined) return index % this.selection.every === 0;
    if (this.selection.fps !== undefined) {
      const slot = seconds * this.selection.fps + SLOT_TOLERANCE;
      if (slot < this.nextSlot) return false;
      this.nextSlot = Math.floor(slot) + 1;
    }
    return true;
  }
}
