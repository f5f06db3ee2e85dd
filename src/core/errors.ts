/**
 * One error family for everything a caller can get wrong. Each error carries a stable
 * machine-readable `code` and the offending field. The engine throws these; only the HTTP
 * layer gives them a status (src/http/status.ts) and turns them into problem+json.
 */
export type ErrorCode =
  | 'invalid_json'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'validation_failed'
  | 'template_missing_mask'
  | 'template_too_many_masks'
  | 'template_missing_placeholder'
  | 'template_unknown_placeholder'
  | 'template_syntax'
  | 'template_too_long'
  | 'label_word_unknown'
  | 'label_word_empty'
  | 'label_word_too_long'
  | 'target_word_invalid'
  | 'text_missing_mask'
  | 'too_many_masks'
  | 'input_too_long'
  | 'config_not_found'
  | 'config_read_only'
  | 'config_task_mismatch'
  | 'not_found'
  | 'model_load_failed'
  | 'config_invalid'
  | 'precondition_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'request_budget_exceeded'
  | 'overloaded'
  | 'deadline_exceeded'
  | 'shutting_down'
  | 'signature_invalid'
  | 'integration_disabled'
  | 'webhook_in_progress'
  | 'state_unavailable'
  | 'internal';

export interface FieldIssue {
  field: string;
  message: string;
}

export class ClozeError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly issues: FieldIssue[] | undefined;
  /** Seconds after which a retry may succeed (sent as `Retry-After`). */
  readonly retryAfterS: number | undefined;

  constructor(code: ErrorCode, message: string, options: { field?: string; issues?: FieldIssue[]; retryAfterS?: number } = {}) {
    super(message);
    this.name = 'ClozeError';
    this.code = code;
    this.field = options.field;
    this.issues = options.issues;
    this.retryAfterS = options.retryAfterS;
  }

  /** A copy whose field path is prefixed, e.g. `template` inside a stored config becomes `config.template`. */
  withFieldPrefix(prefix: string): ClozeError {
    const field = this.field ? `${prefix}.${this.field}` : prefix;
    return new ClozeError(this.code, this.message, { field, issues: this.issues, retryAfterS: this.retryAfterS });
  }
}

export function isClozeError(err: unknown): err is ClozeError {
  return err instanceof ClozeError;
}
