import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { fail } from '../http/errors.js';
import { askedLocale, unsubscribePage } from '../pages/unsubscribe-page.js';
import { sealInBackground } from '../services/record-log.js';
import { previewUnsubscribe, unsubscribe } from '../services/unsubscribe.js';

/** RFC 8058's one body, sent as a form or as multipart. */
async function isOneClick(c: { req: { parseBody(): Promise<Record<string, unknown>> } }) {
  try {
    return (await c.req.parseBody())['List-Unsubscribe'] === 'One-Click';
  } catch {
    return false;
  }
}

/**
 * R1, RFC 8058: `GET /u/{token}` shows a page with a button and changes nothing (link scanners
 * GET every URL in a mail); `POST` with `List-Unsubscribe=One-Click` withdraws the purpose and
 * answers 200 (no redirect), with no login, cookie or Origin.
 */
export const unsubscribeRoutes = new Hono<AppEnv>()
  .get('/u/:token', async (c) => {
    const token = c.req.param('token');
    return unsubscribePage(
      c,
      await previewUnsubscribe(c.env.DB, token, askedLocale(c), new Date()),
      token,
    );
  })
  .post('/u/:token', async (c) => {
    if (!(await isOneClick(c))) {
      return fail(
        c,
        'invalid_input',
        'Send List-Unsubscribe=One-Click to unsubscribe',
        'List-Unsubscribe',
      );
    }
    const token = c.req.param('token');
    const view = await unsubscribe(c.env, token, {
      locale: askedLocale(c),
      now: new Date(),
      clientIp: c.req.header('cf-connecting-ip') ?? null,
      userAgent: c.req.header('user-agent') ?? null,
      indexKey: c.env.INDEX_KEY,
    });
    if (view.state === 'done') sealInBackground(c.env, c.executionCtx);
    return unsubscribePage(c, view, token);
  });
