// The floor: one route that does what every consent request must at least do (parse and validate
// the same JSON body with valibot, write one D1 row) and nothing else: no site lookup, no rate
// limit, no encryption, no outbox, no signed record. bench/run.mjs compares Signet's routes to it.
import { Hono } from 'hono';
import * as v from 'valibot';

/** The shape of Signet's `POST /v1/consent-requests` body, checked about as strictly. */
const SubmissionSchema = v.strictObject({
  site: v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,64}$/)),
  email: v.pipe(v.string(), v.maxLength(254), v.email()),
  purposes: v.pipe(
    v.array(
      v.object({
        id: v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,64}$/)),
        wordingVersion: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
      }),
    ),
    v.minLength(1),
    v.maxLength(20),
  ),
  locale: v.picklist(['de', 'en', 'fr']),
  pageUrl: v.pipe(v.string(), v.maxLength(2048), v.url()),
});

const app = new Hono();

app.get('/health', (c) => c.json({ status: 'ok' }));

app.post('/floor', async (c) => {
  let body;
  try {
    body = await c.req.json();
  } catch {
    return c.json({ error: 'invalid_json' }, 400);
  }
  const parsed = v.safeParse(SubmissionSchema, body);
  if (!parsed.success) return c.json({ error: 'invalid_input' }, 400);
  const { site, email } = parsed.output;
  await c.env.DB.prepare(
    'INSERT INTO submissions (id, site, email, body, created_at) VALUES (?, ?, ?, ?, ?)',
  )
    .bind(crypto.randomUUID(), site, email, JSON.stringify(parsed.output), new Date().toISOString())
    .run();
  return c.json({ status: 'pending' }, 202);
});

export default app;
