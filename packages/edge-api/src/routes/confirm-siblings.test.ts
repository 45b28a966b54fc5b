import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  asPerson,
  call,
  confirmLinkFor,
  indexOf,
  postJson,
  pressConfirm,
  sessionFor,
  validRequestBody,
} from '../../test/worker.js';

/** Asks for the purposes again and again, as a second submit or "send again" does. */
async function linksFor(email: string, times: number, ids = ['newsletter']) {
  const links: string[] = [];
  for (let i = 0; i < times; i++) {
    const response = await postJson('/v1/consent-requests', await validRequestBody(email, ids));
    expect(response.status).toBe(202);
    links.push(await confirmLinkFor(email));
  }
  expect(new Set(links).size).toBe(times);
  return links;
}

async function confirmedRecords(email: string) {
  const row = await env.DB.prepare(
    `SELECT COUNT(*) AS n FROM records r JOIN subjects s ON s.id = r.subject_id
      WHERE s.email_index = unhex(?) AND r.event = 'confirmed'`,
  )
    .bind(await indexOf(email))
    .first<{ n: number }>();
  return row?.n;
}

describe('C7: every link of an open request stays valid until one confirms (decision 0008)', () => {
  it('two requests for the same address and purpose: the first mail’s link still confirms, then the second says already confirmed', async () => {
    const email = 'first-mail@example.org';
    const [first = '', second = ''] = await linksFor(email, 2);
    const page = await call(first);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<button type="submit">Confirm now</button>');
    const confirmed = await pressConfirm(first);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('Thank you!');
    for (const answer of [await call(second), await pressConfirm(second)]) {
      expect(answer.status).toBe(409);
      const text = await answer.text();
      expect(text).toContain('Already confirmed');
      expect(text).toContain('already confirmed through the link in another message');
    }
    expect(await confirmedRecords(email)).toBe(1);
  });

  it('three "send again"s, then the first link confirms and every other link says already confirmed', async () => {
    const email = 'send-again@example.org';
    // The default allows three messages per address a day; this site allows the fourth.
    const limit = "UPDATE sites SET address_limit_per_day = ? WHERE id = 'demo'";
    await env.DB.prepare(limit).bind(4).run();
    const links = await linksFor(email, 4).finally(() => env.DB.prepare(limit).bind(3).run());
    expect((await pressConfirm(links[0] ?? '')).status).toBe(200);
    for (const link of links) {
      const answer = await call(link);
      expect(answer.status).toBe(409);
      expect(await answer.text()).toContain('Already confirmed');
    }
    expect(await confirmedRecords(email)).toBe(1);
    const open = await env.DB.prepare(
      `SELECT COUNT(*) AS n FROM consent_requests
        WHERE subject_id = (SELECT id FROM subjects WHERE email_index = unhex(?))
          AND status = 'pending' AND superseded_by IS NULL`,
    )
      .bind(await indexOf(email))
      .first<{ n: number }>();
    expect(open?.n).toBe(0);
  });

  it('a later link confirms too, and the first one then says already confirmed', async () => {
    const email = 'latest-mail@example.org';
    const [first = '', second = ''] = await linksFor(email, 2);
    expect((await pressConfirm(second)).status).toBe(200);
    const answer = await pressConfirm(first);
    expect(answer.status).toBe(409);
    expect(await answer.text()).toContain('Already confirmed');
    expect(await confirmedRecords(email)).toBe(1);
  });

  it('R4: the links settled by a confirmation are nothing pending: withdrawing the last purpose still erases the person', async () => {
    const email = 'settled-then-withdrawn@example.org';
    const [first = ''] = await linksFor(email, 2);
    expect((await pressConfirm(first)).status).toBe(200);
    const session = await sessionFor(email);
    const withdrawn = await asPerson(session, '/v1/me/withdrawals', 'POST', {
      purposes: ['newsletter'],
    });
    expect(await withdrawn.json()).toMatchObject({ withdrawn: ['newsletter'], erased: true });
    const subject = await env.DB.prepare(
      'SELECT COUNT(*) AS n FROM subjects WHERE email_index = unhex(?)',
    )
      .bind(await indexOf(email))
      .first<{ n: number }>();
    expect(subject?.n).toBe(0);
  });

  it('each link still expires at its own time', async () => {
    const email = 'own-expiry@example.org';
    const [first = '', second = ''] = await linksFor(email, 2);
    await env.DB.prepare(
      `UPDATE consent_requests SET expires_at = '2000-01-01T00:00:00.000Z'
        WHERE subject_id = (SELECT id FROM subjects WHERE email_index = unhex(?))
          AND created_at = (SELECT MIN(created_at) FROM consent_requests
                             WHERE subject_id = (SELECT id FROM subjects WHERE email_index = unhex(?)))`,
    )
      .bind(await indexOf(email), await indexOf(email))
      .run();
    expect((await pressConfirm(first)).status).toBe(410);
    expect((await pressConfirm(second)).status).toBe(200);
  });
});

describe('C7: an expired link leads back to the form', () => {
  /** `pageUrl` as stored: the site's origins may have changed since the request. */
  async function expiredPage(email: string, pageUrl: string) {
    expect((await postJson('/v1/consent-requests', await validRequestBody(email))).status).toBe(
      202,
    );
    const link = await confirmLinkFor(email);
    await env.DB.prepare(
      `UPDATE consent_requests SET expires_at = '2000-01-01T00:00:00.000Z', page_url = ?
        WHERE subject_id = (SELECT id FROM subjects WHERE email_index = unhex(?))`,
    )
      .bind(pageUrl, await indexOf(email))
      .run();
    const response = await call(link);
    expect(response.status).toBe(410);
    return response.text();
  }

  it('links to the page the form was on, when it is one of the site’s origins, in words that do not read like "log in"', async () => {
    const site = await env.DB.prepare("SELECT allowed_origins FROM sites WHERE id = 'demo'").first<{
      allowed_origins: string;
    }>();
    const origin = (JSON.parse(site?.allowed_origins ?? '[]') as string[])[0] ?? '';
    expect(origin).not.toBe('');
    const text = await expiredPage('expired-form@example.org', `${origin}/bakery/newsletter`);
    expect(text).toContain(`<a href="${origin}/bakery/newsletter">Go to the form</a>`);
    expect(text).toContain('fill in the form');
    expect(text).not.toMatch(/sign up again|log in|sign in/i);
  });

  it('links nowhere when the page is not on one of the site’s origins', async () => {
    const text = await expiredPage('expired-elsewhere@example.org', 'https://elsewhere.example/x');
    expect(text).not.toContain('elsewhere.example');
    expect(text).not.toContain('Go to the form');
  });
});
