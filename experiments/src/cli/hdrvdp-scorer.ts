import { HdrVdpSession, HDRVDP_METRIC_ID, hdrVdpOptionsFromStrings, type ExternalScorer } from '@hdr-lab/eval';

/** Metric ids the commands accept besides the registry's: the range-wise protocol's settings and HDR-VDP. */
export function extraMetricIds(ids: readonly string[]): string[] {
  return ['rangewise', ...(ids.includes(HDRVDP_METRIC_ID) ? [HDRVDP_METRIC_ID] : [])];
}

/**
 * Starts HDR-VDP's interpreter when `hdr-vdp` is among the metrics, so a missing Octave or checkout is
 * reported before any image is scored; `close` stops it.
 */
export async function startHdrVdpScorer(
  settings: Readonly<Record<string, Record<string, string>>>,
): Promise<{ scorers: ExternalScorer[]; close: () => Promise<void> }> {
  const hdrVdp = settings[HDRVDP_METRIC_ID];
  if (!hdrVdp) return { scorers: [], close: async () => undefined };
  const session = await HdrVdpSession.start(hdrVdpOptionsFromStrings(hdrVdp));
  const scorer: ExternalScorer = {
    id: HDRVDP_METRIC_ID,
    score: async (reference, test, pair) => {
      const { id, version, params, value, flags } = await session.compare(reference, test, pair.name);
      return { id, version, params, value, flags };
    },
  };
  return { scorers: [scorer], close: () => session.close() };
}
