import { ParamError, resolveParams } from '@hdr-lab/core';
import { metric } from '../metrics/registry.js';

/** A metric to compute and the parameters given for it (defaults are filled in when it runs). */
export interface MetricRequest {
  readonly id: string;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Turns metric ids and `ID.NAME=VALUE` settings (as typed on a command line) into checked requests, so a
 * misspelt metric or parameter fails before any image is read. `extraIds` are ids handled outside the
 * metric registry (e.g. `rangewise`), whose settings are returned separately.
 */
export function parseMetricRequests(
  ids: readonly string[],
  settings: readonly string[],
  extraIds: readonly string[] = [],
): { requests: MetricRequest[]; extra: Record<string, Record<string, string>> } {
  const byId = new Map<string, Record<string, string>>();
  const extra: Record<string, Record<string, string>> = Object.fromEntries(extraIds.map((id) => [id, {}]));
  for (const id of ids) if (!extraIds.includes(id)) byId.set(metric(id).id, {});
  for (const setting of settings) {
    const match = /^([a-z0-9-]+)\.([A-Za-z0-9]+)=(.*)$/.exec(setting);
    if (!match) throw new ParamError('param', `'${setting}' is not of the form METRIC.NAME=VALUE (e.g. ssim.colour=luma601)`);
    const [, id, name, value] = match as unknown as [string, string, string, string];
    const target = extraIds.includes(id) ? extra[id]! : byId.get(id);
    if (!target) throw new ParamError('param', `'${setting}' sets a parameter of '${id}', which is not among the metrics computed (${[...byId.keys()].join(', ')})`);
    target[name] = value;
  }
  const requests = [...byId].map(([id, params]) => {
    resolveParams({ kind: 'metrics', id }, metric(id).params, params);
    return { id, params };
  });
  return { requests, extra };
}

/**
 * What `hdr-lab eval` and `hdr-lab metrics` compute when no metric is named: the hybrid-loss paper's
 * tone-mapped PSNR / SSIM, the mu-law pair of the multi-exposure papers and the PU21 pair.
 */
export const DEFAULT_METRICS = ['psnr-tm', 'ssim-tm', 'psnr-mu', 'ssim-mu', 'pu-psnr', 'pu-ssim'] as const;
