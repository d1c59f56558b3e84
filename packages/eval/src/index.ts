export { evaluateMetric, metric, METRIC_IDS, type MetricResult } from './metrics/registry.js';
export { MetricInputError, type Metric, type MetricValue } from './metrics/metric.js';
export { evaluateRangewise, type RangewiseOptions, type RangewiseResult, type LevelScore, type PredictionScale } from './rangewise/rangewise.js';
export { aggregateRangewise, type RangewiseSummary, type RangewiseLevelSummary } from './rangewise/aggregate.js';
