/** What went wrong, so callers can react (retry on `timeout`, give up on `checkout-missing`, ...). */
export type HdrVdpErrorCode =
  | 'interpreter-missing'
  | 'octave-image-missing'
  | 'checkout-missing'
  | 'wrong-version'
  | 'crashed'
  | 'timeout'
  | 'hdrvdp-failed'
  | 'image-mismatch'
  | 'invalid-image'
  | 'closed';

/** Any failure of the HDR-VDP bridge other than a bad option value (those are `ParamError`s). */
export class HdrVdpError extends Error {
  override readonly name = 'HdrVdpError';
  constructor(
    readonly code: HdrVdpErrorCode,
    message: string,
  ) {
    super(message);
  }
}
