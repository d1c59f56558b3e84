export type { ExperimentReportInput, FigureRow, ImageScores, LossPoint, VariantMetric, VariantResult } from './types.js';
export { ExperimentReportError } from './errors.js';
export { writeExperimentReport } from './write-report.js';
export { experimentTableMarkdown } from './markdown.js';
export { usesLogScale } from './axis.js';
export { DISPLAY_KEY, displayScale } from './figure-grid.js';
