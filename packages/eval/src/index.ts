export { evaluateMetric, metric, METRIC_IDS, type MetricResult } from './metrics/registry.js';
export { MetricInputError, type Metric, type MetricValue } from './metrics/metric.js';
