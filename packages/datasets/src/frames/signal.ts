import { FramesError } from './errors.js';
import { parsePrimaries } from './primaries.js';
import type { VideoProbe } from './probe.js';
import { isHdrTransfer, parseTransfer, TRANSFER_IDS, type TransferId } from './transfers.js';

/** YUV -> RGB matrices zscale applies without knowing the transfer (ffprobe's `color_space` names). */
export const MATRIX_IDS = ['bt709', 'bt470bg', 'smpte170m', 'bt2020nc', 'smpte240m', 'fcc', 'ycgco', 'gbr'] as const;
export type MatrixId = (typeof MATRIX_IDS)[number];
export type SignalRange = 'limited' | 'full';

/** How each property of the signal was settled: read from the stream, given by the user, or assumed. */
export type Provenance = 'tagged' | 'option' | 'assumed';

/** What the user says about a stream, overriding or filling in its tags. */
export interface SignalOverrides {
  readonly transfer?: string;
  readonly primaries?: string;
  readonly matrix?: string;
  readonly range?: SignalRange;
}

/** How the code values of a video are turned into light. */
export interface VideoSignal {
  readonly transfer: TransferId;
  /** ffprobe's name for the primaries (`bt2020`, `bt709`, ...). */
  readonly primaries: string;
  readonly matrix: MatrixId;
  readonly range: SignalRange;
  readonly provenance: { readonly transfer: Provenance; readonly primaries: Provenance; readonly matrix: Provenance; readonly range: Provenance };
}

const RGB_PIXEL_FORMAT = /^(gbr|rgb|bgr|argb|abgr|0rgb|0bgr|x2rgb|x2bgr)/;

function resolveTransfer(file: string, probe: VideoProbe, given: string | undefined): [TransferId, Provenance] {
  const choices = `pass the transfer explicitly (--transfer ${TRANSFER_IDS.join('|')})`;
  if (given !== undefined) {
    const transfer = parseTransfer(given);
    if (!transfer) throw new FramesError('invalid-option', `unknown transfer '${given}': ${choices}`);
    return [transfer, 'option'];
  }
  if (probe.colorTransfer === undefined) {
    throw new FramesError('unknown-transfer', `${file}: the stream does not say its transfer function (no color_transfer tag); ${choices}`);
  }
  const transfer = parseTransfer(probe.colorTransfer);
  if (!transfer) {
    throw new FramesError('unknown-transfer', `${file}: transfer '${probe.colorTransfer}' cannot be inverted here; ${choices} if the tag is wrong`);
  }
  return [transfer, 'tagged'];
}

function resolveRange(probe: VideoProbe, given: SignalRange | undefined): [SignalRange, Provenance] {
  if (given) return [given, 'option'];
  if (probe.colorRange === 'tv') return ['limited', 'tagged'];
  if (probe.colorRange === 'pc') return ['full', 'tagged'];
  const full = RGB_PIXEL_FORMAT.test(probe.pixFmt) || probe.pixFmt.startsWith('yuvj');
  return [full ? 'full' : 'limited', 'assumed'];
}

function resolveMatrix(file: string, probe: VideoProbe, given: string | undefined, transfer: TransferId, primaries: string): [MatrixId, Provenance] {
  if (RGB_PIXEL_FORMAT.test(probe.pixFmt)) return ['gbr', probe.colorSpace === 'gbr' ? 'tagged' : 'assumed'];
  const known = (name: string | undefined) => (MATRIX_IDS as readonly string[]).includes(name ?? '') ? (name as MatrixId) : undefined;
  if (given !== undefined) {
    const matrix = known(given);
    if (!matrix) throw new FramesError('invalid-option', `unknown matrix '${given}': use one of ${MATRIX_IDS.join(', ')}`);
    return [matrix, 'option'];
  }
  if (probe.colorSpace !== undefined) {
    const matrix = known(probe.colorSpace);
    if (!matrix) {
      throw new FramesError(
        'unsupported-signal',
        `${file}: YUV matrix '${probe.colorSpace}' depends on the transfer (constant luminance or ICtCp) and is not supported; convert the video to a bt2020nc or bt709 matrix first`,
      );
    }
    return [matrix, 'tagged'];
  }
  if (isHdrTransfer(transfer) || primaries === 'bt2020') return ['bt2020nc', 'assumed'];
  if (primaries === 'smpte170m' || primaries === 'bt470bg') return [primaries, 'assumed'];
  return [probe.height >= 720 ? 'bt709' : 'smpte170m', 'assumed'];
}

function resolvePrimaries(probe: VideoProbe, given: string | undefined, transfer: TransferId): [string, Provenance] {
  if (given !== undefined) {
    if (!parsePrimaries(given)) throw new FramesError('invalid-option', `unknown primaries '${given}': use bt709, bt2020, smpte170m, bt470bg or smpte432`);
    return [given, 'option'];
  }
  if (probe.colorPrimaries !== undefined) return [probe.colorPrimaries, 'tagged'];
  return [isHdrTransfer(transfer) ? 'bt2020' : 'bt709', 'assumed'];
}

/**
 * Settles transfer, primaries, matrix and range from the stream's tags and the user's overrides. An unknown
 * transfer is refused (guessing it would silently produce wrong light); untagged primaries, matrix and range
 * follow the usual conventions (HDR -> BT.2020, HD -> BT.709, SD -> BT.601, YUV -> limited) and say so.
 */
export function resolveSignal(file: string, probe: VideoProbe, overrides: SignalOverrides = {}): VideoSignal {
  const [transfer, transferFrom] = resolveTransfer(file, probe, overrides.transfer);
  const [primaries, primariesFrom] = resolvePrimaries(probe, overrides.primaries, transfer);
  const [matrix, matrixFrom] = resolveMatrix(file, probe, overrides.matrix, transfer, primaries);
  const [range, rangeFrom] = resolveRange(probe, overrides.range);
  return {
    transfer,
    primaries,
    matrix,
    range,
    provenance: { transfer: transferFrom, primaries: primariesFrom, matrix: matrixFrom, range: rangeFrom },
  };
}
