import { z } from '@hono/zod-openapi';
import { LIMITS } from '../../core/limits.js';

export const problemSchema = z
  .object({
    type: z.string().openapi({ example: 'https://cloze-edge.dev/problems/config_not_found' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ description: 'stable machine-readable error code', example: 'config_not_found' }),
    field: z.string().optional().openapi({ description: 'the offending request field', example: 'config' }),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    request_id: z.string().optional().openapi({ description: 'the x-request-id of the request, also in the logs' }),
  })
  .openapi('Problem');

export const predictionSchema = z
  .object({
    token: z.string().openapi({ example: 'great' }),
    token_id: z.number().int().openapi({ example: 2307 }),
    score: z.number().openapi({ example: 0.42 }),
  })
  .openapi('Prediction');

const problemContent = { 'application/problem+json': { schema: problemSchema } };

/** The error responses every POST endpoint documents. */
export const problemResponses = {
  400: { description: 'Malformed JSON', content: problemContent },
  404: { description: 'Unknown config', content: problemContent },
  413: { description: 'Body or text too large', content: problemContent },
  415: { description: 'Body is not JSON', content: problemContent },
  422: { description: 'Invalid field (names it)', content: problemContent },
  401: { description: 'Missing or invalid API key (when CLOZE_API_KEYS is set)', content: problemContent },
  429: { description: 'Rate limit reached (Retry-After says when to retry)', content: problemContent },
  503: { description: 'Model loading, inference queue full, or shutting down (Retry-After)', content: problemContent },
  504: { description: 'The request ran past its deadline', content: problemContent },
} as const;

export const textSchema = z.string().min(1).max(LIMITS.textChars);

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});
