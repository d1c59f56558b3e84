/**
 * A tracking call that failed for good: the message names the store or endpoint, the HTTP status and
 * MLflow's `error_code` where there is one, MLflow's own message, and what to do about it.
 */
export class TrackingError extends Error {
  override readonly name = 'TrackingError';
  /** `POST /api/2.0/mlflow/runs/log-batch`, or the FileStore path involved. */
  readonly endpoint: string;
  readonly status: number | undefined;
  /** MLflow's error code, e.g. `RESOURCE_DOES_NOT_EXIST`, when the server sent one. */
  readonly errorCode: string | undefined;

  constructor(endpoint: string, message: string, details: { status?: number; errorCode?: string; cause?: unknown } = {}) {
    const status = details.status === undefined ? '' : ` HTTP ${details.status}`;
    const code = details.errorCode ? ` ${details.errorCode}` : '';
    super(`${endpoint}:${status}${code}${status || code ? ':' : ''} ${message}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.endpoint = endpoint;
    this.status = details.status;
    this.errorCode = details.errorCode;
  }
}
