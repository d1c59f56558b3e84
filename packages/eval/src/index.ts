export { evaluateMetric, metric, METRIC_IDS, type MetricResult } from './metrics/registry.js';
export { MetricInputError, type Metric, type MetricValue } from './metrics/metric.js';
export { evaluateRangewise, type RangewiseOptions, type RangewiseResult, type LevelScore, type PredictionScale } from './rangewise/rangewise.js';
export { aggregateRangewise, type RangewiseSummary, type RangewiseLevelSummary } from './rangewise/aggregate.js';
export { pu21Encoder, pu21Decoder, PU21_VARIANTS, PU21_VARIANT_IDS, type Pu21Variant } from './pu21/pu21.js';
export { parseRangewiseSettings } from './rangewise/rangewise-settings.js';
export { pairByName, type ImagePair, type Pairing } from './reports/pairing.js';
export { parseMetricRequests, DEFAULT_METRICS, type MetricRequest } from './reports/metric-requests.js';
export { evaluateSet, type EvaluationOptions, type ExternalScorer, type ImageEvaluation } from './reports/evaluate-set.js';
export { summariseEvaluation, type EvaluationSummary, type MetricSummary } from './reports/summary.js';
export { metricTable, rangewiseTable, toMarkdown, toCsv, type Table } from './reports/tables.js';
export { writeReport, toJson } from './reports/write-report.js';
export {
  HdrVdpSession,
  runHdrVdp,
  HdrVdpError,
  hdrVdpOptionsFromStrings,
  HDRVDP_SETTING_NAMES,
  pixelsPerDegree,
  resolveHdrVdpOptions,
  HDRVDP_DEFAULT_DISPLAY,
  HDRVDP_ENCODINGS,
  HDRVDP_METRIC_ID,
  HDRVDP_METRIC_VERSION,
  type HdrVdpOptions,
  type HdrVdpSettings,
  type HdrVdpResult,
  type HdrVdpSignature,
  type HdrVdpPair,
  type HdrVdpProgress,
  type HdrVdpErrorCode,
  type HdrVdpEncoding,
  type HdrVdpTask,
  type HdrVdpVersion,
  type DisplayGeometry,
} from './hdrvdp/index.js';
export * from './experiment-report/index.js';
