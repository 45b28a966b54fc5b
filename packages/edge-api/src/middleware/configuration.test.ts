import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, productionEnv, runCron } from '../../test/worker.js';
import type { Env } from '../env.js';

const strong = (fill: string) => fill.repeat(43);

async function misconfiguration(overrides: Partial<Env>) {
  const response = await call('/v1/health', {}, { ...productionEnv, ...overrides });
  return {
    status: response.status,
    body: (await response.json()) as { error?: { message: string } },
  };
}

describe('the keys outside development', () => {
  it('S2: a production configuration with its own strong keys answers', async () => {
    expect((await call('/v1/health', {}, productionEnv)).status).toBe(200);
    const withLinkKey = { ...productionEnv, LINK_KEY: strong('L') };
    expect((await call('/v1/health', {}, withLinkKey)).status).toBe(200);
  });

  it.each([
    ['missing', { INDEX_KEY: '' }, 'INDEX_KEY must be set outside development'],
    [
      'shorter than 32 random bytes',
      { INDEX_KEY: 'a'.repeat(42) },
      'INDEX_KEY must be at least 32 random bytes',
    ],
    [
      'the development value',
      { INDEX_KEY: 'development-only-index-key' },
      'INDEX_KEY is a development value',
    ],
    ['the test value of old', { INDEX_KEY: 'test-index-key' }, 'INDEX_KEY is a development value'],
    [
      'equal to RECORD_KEY',
      { INDEX_KEY: strong('R'), RECORD_KEY: strong('R') },
      'INDEX_KEY must not be the value of RECORD_KEY',
    ],
    [
      'equal to LINK_KEY',
      { INDEX_KEY: strong('K'), LINK_KEY: strong('K') },
      'INDEX_KEY must not be the value of LINK_KEY',
    ],
    [
      'equal to the mail API key',
      { INDEX_KEY: strong('M'), MAIL_API_KEY: strong('M') },
      'INDEX_KEY must not be the value of MAIL_API_KEY',
    ],
  ] as const)('S2: INDEX_KEY %s answers 500 with what to fix', async (_, overrides, said) => {
    const { status, body } = await misconfiguration(overrides);
    expect(status).toBe(500);
    expect(body.error?.message).toContain(said);
    // What to do about it, and never the value itself.
    expect(body.error?.message).toContain('wrangler secret put INDEX_KEY');
    const value = (overrides as Partial<Env>).INDEX_KEY;
    if (value && value.length >= 43) expect(body.error?.message).not.toContain(value);
  });

  it('S2: INDEX_KEY equal to the master key (its key part) or to the signing key is refused', async () => {
    const masterPart = env.MASTER_KEY?.split(':')[1] ?? '';
    expect((await misconfiguration({ INDEX_KEY: masterPart })).body.error?.message).toContain(
      'INDEX_KEY must not be the value of MASTER_KEY',
    );
    const d = (JSON.parse(env.SIGNING_KEY ?? '{}') as { d: string }).d;
    expect((await misconfiguration({ INDEX_KEY: d })).body.error?.message).toContain(
      'INDEX_KEY must not be the value of SIGNING_KEY',
    );
  });

  it('S2: RECORD_KEY and LINK_KEY are held to the same rules, and RECORD_KEY is required', async () => {
    expect((await misconfiguration({ RECORD_KEY: '' })).body.error?.message).toContain(
      'RECORD_KEY must be set outside development',
    );
    expect(
      (await misconfiguration({ RECORD_KEY: 'development-only-record-key' })).body.error?.message,
    ).toContain('RECORD_KEY is a development value');
    expect((await misconfiguration({ LINK_KEY: 'short' })).body.error?.message).toContain(
      'LINK_KEY must be at least 32 random bytes',
    );
    expect((await misconfiguration({ LINK_KEY: env.INDEX_KEY })).body.error?.message).toContain(
      'LINK_KEY must not be the value of INDEX_KEY',
    );
    // In development only a missing RECORD_KEY is refused: every record row needs its MAC.
    const dev = await call('/v1/health', {}, { RECORD_KEY: '' });
    expect(await dev.json()).toMatchObject({
      error: { message: expect.stringContaining('RECORD_KEY must be set') },
    });
    await expect(
      runCron(new Date(), { ...productionEnv, INDEX_KEY: 'development-only-index-key' }),
    ).rejects.toThrow(/INDEX_KEY is a development value/);
  });
});
