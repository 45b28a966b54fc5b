// Real consent traffic against a running Signet: consent requests as a browser on the site's page
// sends them, their links read from the dev mailbox, each link's page opened for its nonce, and
// the confirmation posted as the page's button does. Used by the API bench and the scale bench.

export const browserAgent =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36';

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Runs `task` over `items` with at most `limit` at a time. */
export async function inParallel(items, limit, task) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A distinct IPv4 address per request (10.x.y.z), in case the runtime passes it through. */
export const clientIp = (n) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

export const benchEmail = (runId, n) => `bench-${runId}-${n}@example.org`;

/** The body of `POST /v1/consent-requests` for one address and one purpose. */
export function consentBody(base, runId, n, wordingVersion, site = 'demo', purpose = 'newsletter') {
  return JSON.stringify({
    site,
    email: benchEmail(runId, n),
    purposes: [{ id: purpose, wordingVersion }],
    locale: 'en',
    pageUrl: `${base}/`,
  });
}

/** The newsletter wording version the site's form shows in English. */
export async function newsletterVersion(base, site = 'demo') {
  const form = await (await fetch(`${base}/v1/sites/${site}/form?locale=en`)).json();
  return form.purposes.find((purpose) => purpose.id === 'newsletter').wordingVersion;
}

/** Raises the site's per-client and daily limits so that the load is not refused (429). */
export async function raiseLimits(base, apiKey) {
  const response = await fetch(`${base}/v1/admin/site`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ clientLimitPerHour: 10_000, messagesPerDay: 1_000_000 }),
  });
  if (!response.ok) throw new Error(`PATCH /v1/admin/site: ${response.status}`);
}

export async function requestConsent(base, { site, runId, n, wordingVersion }) {
  const response = await fetch(`${base}/v1/consent-requests`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: base,
      'user-agent': browserAgent,
      'cf-connecting-ip': clientIp(100_000 + n),
    },
    body: consentBody(base, runId, n, wordingVersion, site),
  });
  if (response.status !== 202) throw new Error(`consent request: ${response.status}`);
}

/**
 * The confirmation links mailed to `emails`, each with its page's nonce. The dev mailbox lists
 * the newest 50 messages, so at most 50 addresses a call.
 */
export async function openLinks(base, emails) {
  const wanted = new Set(emails);
  let links = [];
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const { messages } = await (await fetch(`${base}/dev/mailbox.json`)).json();
    links = messages
      .filter((message) => wanted.has(message.to))
      .map((message) => message.text.match(/\/confirm\/[A-Za-z0-9_-]{43}/)?.[0])
      .filter(Boolean);
    if (links.length === wanted.size) break;
    await sleep(200);
  }
  if (links.length !== wanted.size) throw new Error('the dev mailbox did not get every link');
  return inParallel(links, 8, async (path) => {
    const page = await (await fetch(`${base}${path}`)).text();
    const nonce = page.match(/name="nonce" value="([^"]+)"/)?.[1];
    if (!nonce) throw new Error(`no nonce on ${path}`);
    return { path, nonce };
  });
}

/** The headers and body the confirm page's button sends. */
export function confirmRequest(base, { path, nonce }) {
  return {
    method: 'POST',
    path,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'same-origin',
      origin: base,
      'user-agent': browserAgent,
    },
    body: new URLSearchParams({ nonce }).toString(),
  };
}

export async function confirm(base, link) {
  const { path, ...init } = confirmRequest(base, link);
  const response = await fetch(`${base}${path}`, init);
  const text = await response.text();
  if (response.status !== 200 || !/Thank you/.test(text)) {
    throw new Error(`confirmation: ${response.status}`);
  }
}

/**
 * Confirmation links for `count` fresh requests numbered from `first` (addresses
 * `bench-<runId>-<n>@example.org`), in batches of 50: the requests, then their links and nonces.
 */
export async function confirmationLinks(base, { site = 'demo', runId, first, count, version }) {
  const ready = [];
  for (let n = first; n < first + count; n += 50) {
    const batch = Array.from({ length: Math.min(50, first + count - n) }, (_, i) => n + i);
    await inParallel(batch, 8, (i) =>
      requestConsent(base, { site, runId, n: i, wordingVersion: version }),
    );
    const emails = batch.map((i) => benchEmail(runId, i));
    ready.push(...(await openLinks(base, emails)));
  }
  return ready;
}

/**
 * `count` confirmed consents to the newsletter on `site`, numbered from `first`: requested,
 * opened and confirmed as a visitor would, 500 at a time.
 */
export async function addConsents(base, { site, runId, first, count, version, log }) {
  for (let n = first; n < first + count; n += 500) {
    const chunk = Math.min(500, first + count - n);
    const links = await confirmationLinks(base, { site, runId, first: n, count: chunk, version });
    await inParallel(links, 8, (link) => confirm(base, link));
    if (log) log(`  ${n + chunk - first}/${count} confirmed`);
  }
}
