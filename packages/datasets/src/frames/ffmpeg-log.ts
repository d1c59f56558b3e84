/** How much of ffmpeg's own log (not the per-frame lines) is kept for error messages. */
const TAIL_LINES = 40;

const FRAME_LINE = /^\[Parsed_showinfo_\d+ @ [^\]]+\] n:\s*(\d+) pts:\s*(-?\d+|NOPTS)\s.*\ss:(\d+)x(\d+)\s/;
const TIME_BASE_LINE = /^\[Parsed_showinfo_\d+ @ [^\]]+\] config in time_base: (\d+)\/(\d+)/;
const SHOWINFO_LINE = /^\[Parsed_showinfo_\d+ @ /;

/** What showinfo logged about a frame: its time in seconds (NaN without pts) and its decoded size. */
export interface LoggedFrame {
  readonly time: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Reads ffmpeg's stderr as it arrives: the timestamps and sizes of the frames that reach the `showinfo`
 * filter (time = pts x the filter's input time base, exact where `pts_time` is printed to six digits), and
 * the tail of the remaining log for error messages.
 */
export class FfmpegLog {
  private pending = '';
  private timeBase: number | undefined;
  private readonly frames: LoggedFrame[] = [];
  private readonly tail: string[] = [];
  private ended = false;
  private waiters: (() => void)[] = [];

  /** Feeds a chunk of stderr text. */
  push(text: string): void {
    const lines = (this.pending + text).split(/\r?\n/);
    this.pending = lines.pop()!;
    for (const line of lines) this.line(line);
    this.wake();
  }

  /** Marks the end of stderr; waiting for a timestamp that never came then fails. */
  end(): void {
    if (this.pending) this.line(this.pending);
    this.pending = '';
    this.ended = true;
    this.wake();
  }

  /** The last lines of ffmpeg's log, without the per-frame lines. */
  text(): string {
    return this.tail.join('\n');
  }

  /** What ffmpeg logged about output frame `index` (0-based), waiting for the line; undefined if it never came. */
  async frame(index: number): Promise<LoggedFrame | undefined> {
    while (this.frames.length <= index && !this.ended) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.frames[index];
  }

  private line(line: string): void {
    const frame = FRAME_LINE.exec(line);
    if (frame) {
      const time = frame[2] === 'NOPTS' || this.timeBase === undefined ? Number.NaN : Number(frame[2]) * this.timeBase;
      this.frames.push({ time, width: Number(frame[3]), height: Number(frame[4]) });
      return;
    }
    const timeBase = TIME_BASE_LINE.exec(line);
    if (timeBase) {
      this.timeBase = Number(timeBase[1]) / Number(timeBase[2]);
      return;
    }
    if (SHOWINFO_LINE.test(line) || line.trim() === '') return;
    this.tail.push(line);
    if (this.tail.length > TAIL_LINES) this.tail.shift();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
