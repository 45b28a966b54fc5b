// What a site owner does once in Signet's admin API for this shop: allow the shop's origin (the
// consent boxes load from its pages), list its mailing list among the systems that must
// acknowledge withdrawals (A5), and subscribe its webhook endpoint. Run at every start, so it
// must be idempotent: the origin and the system are added once, and the endpoint is replaced (a
// new secret each start; the admin API shows a secret only when it creates it).

const events = [
  'consent.confirmed',
  'consent.withdrawn',
  'consent.expired',
  'subject.erased',
  'consent.unhonoured',
];

async function admin(config, method, path, body) {
  const response = await fetch(`${config.signetUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${config.apiKey}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const answer = await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error(`${method} ${path}: HTTP ${response.status} ${JSON.stringify(answer)}`);
  }
  return answer;
}

/** Allows the shop's origins and (re)creates its webhook endpoint; resolves to the secret. */
export async function setUpSignet(config) {
  const site = await admin(config, 'GET', '/v1/admin/site');
  const origins = new Set(site.allowedOrigins);
  for (const origin of config.shopOrigins) origins.add(origin);
  if (origins.size !== site.allowedOrigins.length) {
    await admin(config, 'PATCH', '/v1/admin/site', { allowedOrigins: [...origins] });
  }
  if (!site.honourSystems.includes(config.mailingSystem)) {
    const honourSystems = [...site.honourSystems, config.mailingSystem];
    await admin(config, 'PATCH', '/v1/admin/site', { honourSystems });
  }
  const url = `${config.shopUrl}/webhooks/signet`;
  const { webhooks } = await admin(config, 'GET', '/v1/admin/webhooks');
  for (const hook of webhooks.filter((hook) => hook.url === url)) {
    await admin(config, 'DELETE', `/v1/admin/webhooks/${encodeURIComponent(hook.id)}`);
  }
  const created = await admin(config, 'POST', '/v1/admin/webhooks', {
    url,
    events,
    description: 'Mug Shop example',
  });
  return created.secret;
}

/** Tries until Signet answers (it may still be starting beside the shop). */
export async function setUpSignetWhenReady(config, { attempts = 60, delayMs = 1000 } = {}) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await setUpSignet(config);
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
