import type { MetricResult } from '../metrics/registry.js';
import type { Checkout } from './checkout.js';
import type { CallOutcome } from './interpreter.js';
import type { HdrVdpSettings } from './options.js';

export const HDRVDP_METRIC_ID = 'hdr-vdp';
/** Changes whenever the bridge would produce different numbers for the same signature. */
export const HDRVDP_METRIC_VERSION = '1';

/**
 * An HDR-VDP score in the shape of every other metric result: `value` is Q (2.2.x: 100 is best;
 * 3.x: 10 is best, not comparable with 2.2.x). `params` is the signature that says how it was computed.
 */
export interface HdrVdpResult extends MetricResult {
  /** 3.x only: Q in just-objectionable-difference units. */
  readonly qJod?: number;
  /** Probability of detection and maximum threshold-normalised contrast; absent when `qOnly`. */
  readonly pDet?: number;
  readonly cMax?: number;
  /** What HDR-VDP printed for this pair (warnings such as hdrvdp:lowvals). */
  readonly log: readonly string[];
}

export interface RunFacts {
  readonly interpreterVersion: string;
  readonly qOnly: boolean;
  readonly ppd: number;
}

export type HdrVdpSignature = Readonly<Record<string, number | string | boolean>>;

export function hdrvdpSignature(settings: HdrVdpSettings, checkout: Checkout, facts: RunFacts): HdrVdpSignature {
  return {
    hdrvdpVersion: checkout.versionString,
    interpreter: settings.interpreter,
    interpreterVersion: facts.interpreterVersion,
    encoding: settings.encoding,
    ppd: facts.ppd,
    ppdFrom: settings.ppd.from,
    scaling: settings.scaling,
    ...(settings.scaling === 'reference-max' ? { peakNits: settings.peakNits } : {}),
    ...(checkout.version === '3' ? { task: settings.task } : {}),
    qOnly: facts.qOnly,
    compat: settings.compat,
    hdrvdpOptions: Object.entries(settings.hdrvdpOptions)
      .map(([name, value]) => `${name}=${value}`)
      .join(','),
  };
}

export function hdrvdpResult(signature: HdrVdpSignature, checkout: Checkout, qOnly: boolean, outcome: CallOutcome): HdrVdpResult {
  const { q, qJod, pDet, cMax } = outcome.outputs;
  const extras = {
    ...(checkout.version === '3' && Number.isFinite(qJod) ? { qJod } : {}),
    ...(!qOnly && Number.isFinite(pDet) ? { pDet } : {}),
    ...(!qOnly && Number.isFinite(cMax) ? { cMax } : {}),
  };
  return {
    id: HDRVDP_METRIC_ID,
    version: HDRVDP_METRIC_VERSION,
    params: signature,
    value: q,
    flags: qOnly ? ['q-only'] : [],
    ...extras,
    log: outcome.log,
  };
}
