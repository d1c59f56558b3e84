/** An experiment report's input that cannot be rendered faithfully; the message names the field and the fix. */
export class ExperimentReportError extends Error {
  override readonly name = 'ExperimentReportError';
}
