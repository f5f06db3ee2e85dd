import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { problemSchema } from '../../http/schemas/common.js';

const problem = { 'application/problem+json': { schema: problemSchema } };
const header = (description: string) => z.string().openapi({ description });

/** Documents `POST /v1/webhooks/{config}` in /openapi.json (the handler verifies the raw body itself). */
export function documentWebhookRoute(app: OpenAPIHono): void {
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/webhooks/{config}',
    tags: ['integrations'],
    summary: 'Standard Webhooks receiver: runs a stored or preset config on the message',
    description:
      'Signed with WEBHOOK_SECRET (Standard Webhooks). `webhook-id` is the idempotency key: a redelivery gets the stored answer (`idempotent-replayed: true`). ' +
      'With `callback_url` the answer is 202 and the result is POSTed there, signed, with bounded retries.',
    request: {
      params: z.object({ config: z.string().openapi({ example: 'sentiment' }) }),
      query: z.object({
        text_pointer: z.string().optional().openapi({
          description: "RFC 6901 pointer to the text(s) in an arbitrary payload (overrides the config's webhook.text_pointer)",
          example: '/data/review/body',
        }),
      }),
      headers: z.object({
        'webhook-id': header('unique message id (idempotency key)'),
        'webhook-timestamp': header('Unix seconds; refused when more than 5 minutes off'),
        'webhook-signature': header('`v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, space-separated list'),
      }),
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z
              .object({
                text: z.string().optional(),
                texts: z.array(z.string()).optional(),
                callback_url: z.string().url().optional(),
              })
              .passthrough()
              .openapi('WebhookMessage', { example: { text: 'I loved it', callback_url: 'https://example.com/cloze-results' } }),
          },
        },
      },
    },
    responses: {
      200: { description: 'The result (or the stored one for a redelivery)', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } },
      202: { description: 'Accepted; the result goes to callback_url', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } },
      401: { description: 'Missing, stale or invalid signature', content: problem },
      409: { description: 'The same webhook-id is being processed; retry later', content: problem },
      503: { description: 'WEBHOOK_SECRET is not set', content: problem },
    },
  });
}
