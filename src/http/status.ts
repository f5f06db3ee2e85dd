import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ClozeError, ErrorCode } from '../core/errors.js';

/** The HTTP status of each error code: the API's contract (problem+json `status`). */
const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  invalid_json: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  validation_failed: 422,
  template_missing_mask: 422,
  template_too_many_masks: 422,
  template_missing_placeholder: 422,
  template_unknown_placeholder: 422,
  template_syntax: 422,
  template_too_long: 422,
  label_word_unknown: 422,
  label_word_empty: 422,
  label_word_too_long: 422,
  target_word_invalid: 422,
  text_missing_mask: 422,
  too_many_masks: 422,
  input_too_long: 413,
  config_not_found: 404,
  config_read_only: 409,
  config_task_mismatch: 422,
  not_found: 404,
  model_load_failed: 503,
  config_invalid: 409,
  precondition_failed: 412,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  request_budget_exceeded: 413,
  overloaded: 503,
  deadline_exceeded: 504,
  shutting_down: 503,
  signature_invalid: 401,
  integration_disabled: 503,
  webhook_in_progress: 409,
  state_unavailable: 503,
  internal: 500,
};

/** The status a ClozeError is answered with. */
export const httpStatus = (err: Pick<ClozeError, 'code'>): ContentfulStatusCode => STATUS[err.code];
