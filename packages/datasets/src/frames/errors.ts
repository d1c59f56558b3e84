/** What went wrong, so callers can react (install a tool, name a transfer, fix an option, ...). */
export type FramesErrorCode =
  | 'tool-missing'
  | 'tool-too-old'
  | 'tool-lacks-feature'
  | 'not-a-video'
  | 'unknown-transfer'
  | 'unsupported-signal'
  | 'invalid-option'
  | 'no-frames'
  | 'ffmpeg-failed';

/** Any failure of frame extraction; `stderr` holds the tail of ffmpeg's log when ffmpeg was involved. */
export class FramesError extends Error {
  override readonly name = 'FramesError';
  constructor(
    readonly code: FramesErrorCode,
    message: string,
    readonly stderr: string = '',
  ) {
    super(message);
  }
}
