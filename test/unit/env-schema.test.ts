import { describe, expect, it } from 'vitest';
import { EnvError, nodeEnvSchema, parseEnv, workerEnvSchema } from '../../src/runtime/env-schema.js';
import { httpOptionsFromEnv } from '../../src/runtime/http-options.js';

describe('one environment schema for Node and the Worker', () => {
  it('parses numbers, flags and key lists; empty values count as unset; unknown variables are ignored', () => {
    const env = parseEnv(nodeEnvSchema, {
      PORT: '9000',
      CLOZE_OFFLINE: '1',
      CLOZE_API_KEYS: ' aaaaaaaaaaaaaaaa , bbbbbbbbbbbbbbbb ,',
      CLOZE_DEADLINE_MS: '',
      CLOZE_CORS_ORIGINS: 'https://a.example,https://b.example',
      PATH: '/usr/bin',
    });
    expect(env).toMatchObject({ PORT: 9000, CLOZE_OFFLINE: true, CLOZE_API_KEYS: ['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb'] });
    expect(env.CLOZE_DEADLINE_MS).toBeUndefined();
    expect(httpOptionsFromEnv(env)).toMatchObject({
      apiKeys: ['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb'],
      corsOrigins: ['https://a.example', 'https://b.example'],
    });
  });

  it('names every bad variable instead of silently turning a feature off', () => {
    const bad = () =>
      parseEnv(nodeEnvSchema, {
        CLOZE_MODEL_PRECISION: 'fp16',
        CLOZE_BATCH_WAIT_MS: '-1',
        CLOZE_ADMIN_KEYS: 'short',
        CLOZE_CORS_ORIGINS: 'not a url',
        CLOZE_OFFLINE: 'yes',
      });
    expect(bad).toThrow(EnvError);
    try {
      bad();
    } catch (err) {
      const names = (err as EnvError).problems.map((p) => p.split(':')[0]);
      expect(names.sort()).toEqual(['CLOZE_ADMIN_KEYS.0', 'CLOZE_BATCH_WAIT_MS', 'CLOZE_CORS_ORIGINS.0', 'CLOZE_MODEL_PRECISION', 'CLOZE_OFFLINE'].sort());
    }
  });

  it('validates Worker vars the same way (bindings pass through untouched)', () => {
    expect(parseEnv(workerEnvSchema, { CLOZE_CONFIG_TTL_S: '5', CLOZE_ORT_OPTIMIZATION: 'basic', CONFIGS: {} })).toMatchObject({
      CLOZE_CONFIG_TTL_S: 5,
      CLOZE_ORT_OPTIMIZATION: 'basic',
    });
    expect(() => parseEnv(workerEnvSchema, { CLOZE_MAX_BATCH_ROWS: '0' })).toThrow(/CLOZE_MAX_BATCH_ROWS/);
  });
});
