import { describe, expect, it } from 'vitest';
import { call } from '../../test/worker.js';

describe('GET /v1/health', () => {
  it('answers ok', async () => {
    const response = await call('/v1/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', version: '0.1.0' });
  });

  it('answers an unknown route with the JSON error shape', async () => {
    const response = await call('/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
