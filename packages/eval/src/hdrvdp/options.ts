import { tmpdir } from 'node:os';
import { ParamError, resolveParams } from '@hdr-lab/core';
import { ENCODING_NAMES, ENCODINGS, HDRVDP3_TASKS, type HdrVdpEncoding, type HdrVdpTask, type HdrVdpVersion } from './encoding.js';
import { DEFAULT_DISPLAY, pixelsPerDegree, type DisplayGeometry } from './ppd.js';

/** How the bridge runs HDR-VDP. Every field is optional; `checkout` falls back to env `HDRVDP_PATH`. */
export interface HdrVdpOptions {
  /** A directory holding hdrvdp.m (2.2.x) or hdrvdp3.m (3.x); never modified. */
  readonly checkout?: string;
  readonly interpreter?: 'octave' | 'matlab';
  /** The interpreter's executable: `octave-cli` or `matlab` on the PATH unless given. */
  readonly executable?: string;
  /** The release family the checkout must hold; detected from it when left out. */
  readonly version?: HdrVdpVersion;
  readonly encoding?: HdrVdpEncoding;
  /** Absolute encodings: both images are scaled by one factor so that max(reference) is this many cd/m^2. */
  readonly peakNits?: number;
  /** Pixels per visual degree; give this or `display`, not both. */
  readonly ppd?: number;
  readonly display?: DisplayGeometry;
  /** hdrvdp3's task (3.x only). */
  readonly task?: HdrVdpTask;
  /** Limit on one pair, and on the interpreter's start-up. */
  readonly timeoutSeconds?: number;
  /**
   * 'deephdrvideo' reproduces DeepHDRVideo's scores: 'sRGB-display' on linear data clipped to [0, 1], ppd from
   * the image size on a 24" display at 0.5 m. It fixes encoding, scaling and ppd.
   */
  readonly compat?: 'none' | 'deephdrvideo';
  /** Extra name/value pairs for HDR-VDP's options cell (e.g. `surround_l`, `rgb_display`). */
  readonly hdrvdpOptions?: Readonly<Record<string, number | string>>;
  /** Where the private working directory of each interpreter is created; the OS temp dir by default. */
  readonly tempDir?: string;
}

/** How images reach HDR-VDP: scaled to peakNits, passed as they are, or clipped to [0, 1]. */
export type Scaling = 'reference-max' | 'none' | 'clip-unit';

export type PpdSource = { readonly from: 'ppd' | 'display'; readonly value: number } | { readonly from: 'image-size' };

/** Options checked and defaults filled in; the version may still be 'auto' until the checkout is read. */
export interface HdrVdpSettings {
  readonly checkout: { readonly path: string; readonly from: 'checkout option' | 'HDRVDP_PATH' } | undefined;
  readonly interpreter: 'octave' | 'matlab';
  readonly executable: string;
  readonly version: HdrVdpVersion | 'auto';
  readonly encoding: HdrVdpEncoding;
  readonly scaling: Scaling;
  readonly peakNits: number;
  readonly ppd: PpdSource;
  readonly task: HdrVdpTask;
  readonly taskGiven: boolean;
  readonly timeoutMs: number;
  readonly compat: 'none' | 'deephdrvideo';
  readonly hdrvdpOptions: Readonly<Record<string, number | string>>;
  readonly tempDir: string;
}

const OWNER = { kind: 'metrics', id: 'hdr-vdp' } as const;
const path = (name: string) => `${OWNER.kind}.${OWNER.id}.${name}`;

const SPECS = {
  interpreter: { type: 'choice', default: 'octave', choices: ['octave', 'matlab'], describe: 'interpreter running HDR-VDP' },
  version: { type: 'choice', default: 'auto', choices: ['auto', '2.2', '3'], describe: 'HDR-VDP release family' },
  encoding: { type: 'choice', default: 'rgb-bt.709', choices: ENCODING_NAMES, describe: "HDR-VDP's color_encoding" },
  peakNits: { type: 'number', default: 1000, min: 1e-6, describe: 'max(reference) in cd/m^2 after scaling' },
  task: { type: 'choice', default: 'quality', choices: HDRVDP3_TASKS, describe: 'hdrvdp3 task' },
  timeoutSeconds: { type: 'number', default: 300, min: 0.01, describe: 'limit on one pair, seconds' },
  compat: { type: 'choice', default: 'none', choices: ['none', 'deephdrvideo'], describe: 'reproduce a codebase' },
} as const;

const OTHER_KEYS = ['checkout', 'executable', 'ppd', 'display', 'hdrvdpOptions', 'tempDir'] as const;

/** Checks every option once, before anything is spawned; errors are `ParamError`s naming the option. */
export function resolveHdrVdpOptions(options: HdrVdpOptions = {}, env: NodeJS.ProcessEnv = process.env): HdrVdpSettings {
  const given = options as Readonly<Record<string, unknown>>;
  const known = [...Object.keys(SPECS), ...OTHER_KEYS];
  for (const name of Object.keys(given)) {
    if (!known.includes(name)) throw new ParamError(path(name), `unknown option; HDR-VDP takes ${known.join(', ')}`);
  }
  const scalars = Object.fromEntries(Object.keys(SPECS).map((name) => [name, given[name]]));
  const resolved = resolveParams(OWNER, SPECS, scalars);
  const compat = resolved.compat as HdrVdpSettings['compat'];
  const encoding = (compat === 'deephdrvideo' ? 'sRGB-display' : resolved.encoding) as HdrVdpEncoding;
  if (compat === 'deephdrvideo') {
    const fixed = (['encoding', 'peakNits', 'ppd', 'display'] as const).filter((name) => given[name] !== undefined);
    if (fixed.length > 0) {
      throw new ParamError(path('compat'), `'deephdrvideo' fixes encoding, scaling and ppd; leave out ${fixed.join(', ')}`);
    }
  }
  if (options.peakNits !== undefined && !ENCODINGS[encoding].absolute) {
    throw new ParamError(path('peakNits'), `'${encoding}' takes display values in [0, 1], which are not scaled; leave peakNits out`);
  }
  const interpreter = resolved.interpreter as HdrVdpSettings['interpreter'];
  const checkoutPath = optionalString('checkout', options.checkout) ?? (env.HDRVDP_PATH || undefined);
  return {
    checkout: checkoutPath === undefined ? undefined : { path: checkoutPath, from: options.checkout === undefined ? 'HDRVDP_PATH' : 'checkout option' },
    interpreter,
    executable: optionalString('executable', options.executable) ?? (interpreter === 'octave' ? 'octave-cli' : 'matlab'),
    version: resolved.version as HdrVdpSettings['version'],
    encoding,
    scaling: compat === 'deephdrvideo' ? 'clip-unit' : ENCODINGS[encoding].absolute ? 'reference-max' : 'none',
    peakNits: resolved.peakNits,
    ppd: compat === 'deephdrvideo' ? { from: 'image-size' } : ppdSource(options),
    task: resolved.task as HdrVdpTask,
    taskGiven: options.task !== undefined,
    timeoutMs: resolved.timeoutSeconds * 1000,
    compat,
    hdrvdpOptions: checkHdrVdpOptions(options.hdrvdpOptions),
    tempDir: optionalString('tempDir', options.tempDir) ?? tmpdir(),
  };
}

/** The checks that need the release family: 'rgb-native' and 'rgb-bt.2020' are 3.x encodings, tasks 3.x only. */
export function checkForVersion(settings: HdrVdpSettings, version: HdrVdpVersion, where: string): void {
  if (!(ENCODINGS[settings.encoding].versions as readonly string[]).includes(version)) {
    throw new ParamError(path('encoding'), `'${settings.encoding}' exists only in HDR-VDP 3.x; ${where} holds HDR-VDP 2.2.x`);
  }
  if (settings.taskGiven && version !== '3') {
    throw new ParamError(path('task'), `tasks exist only in HDR-VDP 3.x; ${where} holds HDR-VDP 2.2.x`);
  }
}

function optionalString(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new ParamError(path(name), `expected a non-empty string, got ${JSON.stringify(value)}`);
  if (/[\r\n\t]/.test(value)) throw new ParamError(path(name), 'must not contain tabs or line breaks');
  return value;
}

function positive(name: string, value: unknown, integer = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new ParamError(path(name), `expected a positive ${integer ? 'integer' : 'number'}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function ppdSource(options: HdrVdpOptions): PpdSource {
  if (options.ppd !== undefined && options.display !== undefined) throw new ParamError(path('ppd'), 'give ppd or display, not both');
  if (options.ppd !== undefined) return { from: 'ppd', value: positive('ppd', options.ppd) };
  const display = options.display ?? DEFAULT_DISPLAY;
  const resolution = display.resolution as unknown;
  if (!Array.isArray(resolution) || resolution.length !== 2) {
    throw new ParamError(path('display.resolution'), `expected [width, height], got ${JSON.stringify(resolution)}`);
  }
  return {
    from: 'display',
    value: pixelsPerDegree({
      diagonalInches: positive('display.diagonalInches', display.diagonalInches),
      resolution: [positive('display.resolution', resolution[0], true), positive('display.resolution', resolution[1], true)],
      distanceMetres: positive('display.distanceMetres', display.distanceMetres),
    }),
  };
}

function checkHdrVdpOptions(options: HdrVdpOptions['hdrvdpOptions']): Readonly<Record<string, number | string>> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ParamError(path('hdrvdpOptions'), `expected an object of name/value pairs, got ${JSON.stringify(options)}`);
  }
  for (const [name, value] of Object.entries(options)) {
    if (!/^[A-Za-z]\w*$/.test(name)) throw new ParamError(path(`hdrvdpOptions.${name}`), 'is not a MATLAB identifier');
    const valid = typeof value === 'number' ? Number.isFinite(value) : typeof value === 'string' && !/[\x00-\x1f]/.test(value);
    if (!valid) throw new ParamError(path(`hdrvdpOptions.${name}`), `expected a finite number or a one-line string, got ${JSON.stringify(value)}`);
  }
  return { ...options };
}
