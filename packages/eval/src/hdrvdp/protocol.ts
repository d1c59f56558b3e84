import { randomBytes } from 'node:crypto';

/**
 * The line protocol between the bridge and its server script. Requests are tab-separated lines on stdin;
 * replies are stdout lines starting with a per-process random sentinel, so that anything else the interpreter
 * or HDR-VDP prints can never be mistaken for a reply.
 */
export function newSentinel(): string {
  return `@@hdrvdp-${randomBytes(8).toString('hex')}@@`;
}

export interface PairRequest {
  readonly seq: number;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly ppd: number;
  /** Factor applied to both images in the interpreter, in double precision. */
  readonly scale: number;
  readonly clip: boolean;
  readonly testPath: string;
  readonly referencePath: string;
}

/**
 * Octave's fgetl looks one character past the newline before it returns, so a lone line would wait for the
 * next request; every line is followed by an empty one, which the server skips.
 */
const END = '\n\n';

export function requestLine(request: PairRequest): string {
  const { seq, width, height, channels, ppd, scale, clip, testPath, referencePath } = request;
  return [seq, width, height, channels, ppd, scale, clip ? 1 : 0, testPath, referencePath].join('\t') + END;
}

export const QUIT_LINE = `quit${END}`;

/** HDR-VDP's scalar outputs; NaN where the release or task does not produce one. */
export interface RawOutputs {
  readonly q: number;
  readonly qJod: number;
  readonly pDet: number;
  readonly cMax: number;
}

export type ServerMessage =
  | { readonly kind: 'ready'; readonly interpreterVersion: string; readonly mexext: string }
  | { readonly kind: 'fatal'; readonly reason: string; readonly message: string }
  | { readonly kind: 'log'; readonly seq: number; readonly text: string }
  | ({ readonly kind: 'result'; readonly seq: number } & RawOutputs)
  | { readonly kind: 'error'; readonly seq: number; readonly message: string };

/** A reply, or undefined for any other output. */
export function parseServerLine(line: string, sentinel: string): ServerMessage | undefined {
  if (!line.startsWith(`${sentinel} `)) return undefined;
  const [kind = '', ...fields] = line.slice(sentinel.length + 1).split('\t');
  switch (kind) {
    case 'READY':
      return { kind: 'ready', interpreterVersion: fields[0] ?? '', mexext: fields[1] ?? '' };
    case 'FATAL':
      return { kind: 'fatal', reason: fields[0] ?? '', message: fields.slice(1).join('\t') };
    case 'LOG':
      return { kind: 'log', seq: Number(fields[0]), text: fields.slice(1).join('\t') };
    case 'RESULT': {
      const [q, qJod, pDet, cMax] = fields.slice(1).map(parseMatlabNumber);
      return { kind: 'result', seq: Number(fields[0]), q: q ?? NaN, qJod: qJod ?? NaN, pDet: pDet ?? NaN, cMax: cMax ?? NaN };
    }
    case 'ERROR':
      return { kind: 'error', seq: Number(fields[0]), message: fields.slice(1).join('\t') };
    default:
      return undefined;
  }
}

/** `%.17g` as MATLAB and Octave print it: 'Inf', '-Inf' and 'NaN' are spelled their way. */
function parseMatlabNumber(text: string): number {
  const trimmed = text.trim();
  if (trimmed === 'Inf') return Infinity;
  if (trimmed === '-Inf') return -Infinity;
  return trimmed === '' ? NaN : Number(trimmed);
}
