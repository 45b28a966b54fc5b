import { type Schema, Validator } from '@cfworker/json-schema';
import { errorCodes, errorStatus, webhookEventTypes } from '@signet/sdk';
import { describe, expect, it, vi } from 'vitest';
import {
  admin,
  call,
  confirmLinkFor,
  postJson,
  pressConfirm,
  sql,
  validRequestBody,
} from '../../test/worker.js';
import { app } from '../app.js';
import { buildOpenApiDocument } from './document.js';
import {
  type JsonObject,
  methods,
  type OpenApiDocument,
  type OperationObject,
} from './document-types.js';
import { errorMeanings } from './error-codes.js';
import type { Operation } from './operation.js';
import { operations } from './operations/index.js';

const document = buildOpenApiDocument();

/** `GET /v1/sites/{site}/form` for every route Hono holds, middleware left out. */
function appRoutes() {
  const routes = app.routes
    .filter((route) => route.method !== 'ALL')
    .map((route) => {
      const path = route.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');
      return `${route.method} ${path}`;
    });
  return new Set(routes);
}

function documentRoutes(doc: OpenApiDocument = document) {
  const routes = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of methods) if (item[method]) routes.add(`${method.toUpperCase()} ${path}`);
  }
  return routes;
}

/** Routes the app has and the document lacks, and routes the document names that do not exist. */
function coverage(doc: OpenApiDocument) {
  const inApp = appRoutes();
  const inDocument = documentRoutes(doc);
  return {
    missing: [...inApp].filter((route) => !inDocument.has(route)),
    unknown: [...inDocument].filter((route) => !inApp.has(route)),
  };
}

function everyOperation(): [string, string, OperationObject][] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    methods.flatMap((method) => {
      const operation = item[method];
      return operation ? [[method, path, operation] as [string, string, OperationObject]] : [];
    }),
  );
}

/** Every `$ref` in a value, with where it was found. */
function refsIn(value: unknown, at = '#'): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => refsIn(item, `${at}/${index}`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) =>
    key === '$ref' && typeof item === 'string'
      ? [[item, at] as [string, string]]
      : refsIn(item, `${at}/${key}`),
  );
}

function resolvePointer(root: unknown, ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>(
      (node, key) =>
        typeof node === 'object' && node !== null
          ? (node as Record<string, unknown>)[key]
          : undefined,
      root,
    );
}

/**
 * What in an answer of the worker the document does not say: its status or content type not
 * documented for the operation, or a JSON body not valid against the documented schema.
 */
async function undocumented(
  method: (typeof methods)[number],
  path: string,
  response: Response,
  doc: OpenApiDocument = document,
) {
  const where = `${method.toUpperCase()} ${path} ${response.status}`;
  const answer = doc.paths[path]?.[method]?.responses[String(response.status)];
  if (!answer) return { problems: [`${where} is not documented`], body: null };
  const missing = Object.keys(answer.headers ?? {}).filter((name) => !response.headers.has(name));
  if (missing.length) return { problems: [`${where} lacks the header ${missing}`], body: null };
  const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  const media = answer.content?.[type];
  if (!media) return { problems: [`${where} does not document ${type}`], body: null };
  const text = new TextDecoder().decode(await response.arrayBuffer());
  if (type !== 'application/json') return { problems: [], body: text };
  const body = JSON.parse(text) as unknown;
  const schema = { ...structuredClone(media.schema), components: structuredClone(doc.components) };
  const result = new Validator(schema as Schema, '2020-12', false).validate(body);
  const problems = result.errors.map(
    (error) => `${where}: ${error.instanceLocation} ${error.keyword}: ${error.error}`,
  );
  return { problems, body };
}

async function expectDocumented(
  method: (typeof methods)[number],
  path: string,
  response: Response,
) {
  const { problems, body } = await undocumented(method, path, response);
  expect(problems).toEqual([]);
  return body;
}

describe('the OpenAPI document covers the worker', () => {
  it('documents every route of the app, and no route the app does not have', () => {
    expect(coverage(document)).toEqual({ missing: [], unknown: [] });
  });

  it('the coverage check sees a route left out and a route that does not exist', () => {
    const [first, ...rest] = operations;
    const invented = { ...(first as Operation), path: '/v1/nowhere', operationId: 'nowhere' };
    expect(coverage(buildOpenApiDocument([...rest, invented]))).toEqual({
      missing: [`${first?.method.toUpperCase()} ${first?.path}`],
      unknown: [`${first?.method.toUpperCase()} /v1/nowhere`],
    });
  });
});

describe('the document is well-formed OpenAPI 3.1', () => {
  it('names its version, dialect, tags and security schemes', () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.jsonSchemaDialect).toBe('https://spec.openapis.org/oas/3.1/dialect/base');
    const tagNames = document.tags.map((tag) => tag.name);
    const schemes = Object.keys(document.components.securitySchemes);
    for (const [method, path, operation] of everyOperation()) {
      const where = `${method} ${path}`;
      expect(tagNames, where).toContain(operation.tags[0]);
      expect(operation.summary.length, where).toBeGreaterThan(0);
      expect(operation.description.length, where).toBeGreaterThan(20);
      expect(Object.keys(operation.responses).length, where).toBeGreaterThan(0);
      for (const requirement of operation.security) {
        for (const name of Object.keys(requirement)) expect(schemes, where).toContain(name);
      }
      for (const response of Object.values(operation.responses)) {
        expect(response.description.length, where).toBeGreaterThan(0);
      }
    }
  });

  it('every $ref resolves inside the document', () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(100);
    const broken = refs.filter(([ref]) => !ref.startsWith('#/') || !resolvePointer(document, ref));
    expect(broken).toEqual([]);
  });

  it('states its licence, MIT as the project’s LICENSE', () => {
    expect(document.info.license).toEqual({ name: 'MIT', identifier: 'MIT' });
  });

  it('every operation has response examples: each error code an answer of its own', () => {
    for (const [method, path, operation] of everyOperation()) {
      const examples = Object.values(operation.responses).flatMap((response) =>
        Object.values(response.content ?? {}).flatMap((media) =>
          Object.values(media.examples ?? {}),
        ),
      );
      expect(examples.length, `${method} ${path}`).toBeGreaterThan(0);
      for (const response of Object.values(operation.responses)) {
        const codes = response['x-signet-error-codes'] ?? [];
        const shown = response.content?.['application/json']?.examples ?? {};
        expect(Object.keys(shown), `${method} ${path}`).toEqual(codes);
        for (const code of codes) {
          const schema = {
            $ref: '#/components/schemas/ErrorResponse',
            components: structuredClone(document.components),
          };
          const checked = new Validator(schema as Schema, '2020-12', false).validate(
            shown[code]?.value,
          );
          expect(checked.errors, `${method} ${path} ${code}`).toEqual([]);
          expect(shown[code]?.value, `${method} ${path} ${code}`).toMatchObject({
            error: { code, requestId: expect.stringMatching(/^req_[0-9a-f]{32}$/) },
          });
        }
      }
    }
  });

  it('every operation has an example of each success answer, valid against its schema', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const [method, path, operation] of everyOperation()) {
      const successes = Object.entries(operation.responses).filter(([status]) =>
        /^[23]/.test(status),
      );
      for (const [status, response] of successes) {
        for (const [media, content] of Object.entries(response.content ?? {})) {
          const where = `${method} ${path} ${status} ${media}`;
          if (media === 'application/pdf') continue;
          if (content.example === undefined) {
            problems.push(`${where}: no example`);
            continue;
          }
          checked += 1;
          if (media !== 'application/json') continue;
          const schema = {
            ...structuredClone(content.schema),
            components: structuredClone(document.components),
          };
          const result = new Validator(schema as Schema, '2020-12', false).validate(
            content.example,
          );
          for (const error of result.errors) {
            problems.push(`${where}: ${error.instanceLocation} ${error.keyword}: ${error.error}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(everyOperation().length);
  });

  it('every component is used, and shared schemas are named as the SDK names them', () => {
    const used = new Set(refsIn(document).map(([ref]) => ref));
    for (const name of Object.keys(document.components.schemas)) {
      expect(used, name).toContain(`#/components/schemas/${name}`);
    }
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['FormConfig', 'ConsentRequest', 'ErrorResponse', 'SignedRecord']),
    );
  });

  it('Signet’s webhooks are there: every event type, signed as Standard Webhooks, with a valid example', () => {
    expect(Object.keys(document.webhooks).sort()).toEqual([...webhookEventTypes].sort());
    for (const [type, webhook] of Object.entries(document.webhooks)) {
      const media = webhook.post.requestBody.content['application/json'];
      expect(media?.schema).toEqual({ $ref: '#/components/schemas/WebhookEvent' });
      expect(webhook.post.security).toEqual([{ webhookSignature: [] }]);
      const schema = {
        ...structuredClone(media?.schema),
        components: structuredClone(document.components),
      };
      const example = media?.example as { type: string };
      expect(new Validator(schema as Schema, '2020-12', false).validate(example).errors).toEqual(
        [],
      );
      expect(example.type).toBe(type);
      expect(webhook.post.parameters.map((header) => header.name)).toEqual([
        'webhook-id',
        'webhook-timestamp',
        'webhook-signature',
      ]);
    }
  });

  it('operationIds are unique', () => {
    const ids = [
      ...everyOperation().map(([, , operation]) => operation.operationId),
      ...Object.values(document.webhooks).map((webhook) => webhook.post.operationId),
    ];
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
  });

  it('every parameter of a path is declared, and every declared path parameter is in its path', () => {
    for (const [method, path, operation] of everyOperation()) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const declared = operation.parameters.filter((parameter) => parameter.in === 'path');
      expect(declared.map((parameter) => parameter.name).sort(), `${method} ${path}`).toEqual(
        inPath.sort(),
      );
      for (const parameter of declared) expect(parameter.required).toBe(true);
      const names = operation.parameters.map((parameter) => `${parameter.in} ${parameter.name}`);
      expect(new Set(names).size, `${method} ${path}`).toBe(names.length);
    }
  });

  it('error answers use the contract’s shape and each code’s one status', () => {
    for (const [method, path, operation] of everyOperation()) {
      expect(operation.responses['500']?.['x-signet-error-codes'], `${method} ${path}`).toContain(
        'internal',
      );
      for (const [status, response] of Object.entries(operation.responses)) {
        for (const code of response['x-signet-error-codes'] ?? []) {
          expect(errorStatus[code], `${method} ${path} ${code}`).toBe(Number(status));
          expect(response.content?.['application/json']?.schema).toEqual({
            $ref: '#/components/schemas/ErrorResponse',
          });
        }
      }
    }
    const sent = errorCodes.filter((code) => errorStatus[code] > 0);
    expect(Object.keys(errorMeanings).sort()).toEqual([...sent].sort());
  });

  it('every answer of every operation has the Request-Id header, and an error body its id', () => {
    for (const [method, path, operation] of everyOperation()) {
      for (const [status, response] of Object.entries(operation.responses)) {
        expect(response.headers, `${method} ${path} ${status}`).toEqual({
          'Request-Id': { $ref: '#/components/headers/RequestId' },
        });
      }
    }
    const errorSchema = document.components.schemas.SignetError ?? {};
    expect(Object.keys((errorSchema as { properties?: object }).properties ?? {})).toContain(
      'requestId',
    );
  });

  it('routes only there in development say so', () => {
    for (const [method, path, operation] of everyOperation()) {
      expect(operation['x-signet-development-only'] === true, `${method} ${path}`).toBe(
        path.startsWith('/dev/'),
      );
    }
  });
});

describe('/openapi.json and /docs', () => {
  it('/openapi.json is the document, open to every origin, and runs nothing', async () => {
    const response = await call('/openapi.json', { headers: { origin: 'https://tools.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('its version is the one the API reports', async () => {
    const health = (await (await call('/v1/health')).json()) as { version: string };
    expect(document.info.version).toBe(health.version);
  });

  it('/docs is a page under a strict CSP: its only script from this origin, styles by nonce, no policy for Trusted Types', async () => {
    const response = await call('/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("connect-src 'self';");
    expect(policy).toContain("require-trusted-types-for 'script'");
    expect(policy).toContain("trusted-types 'none'");
    expect(policy).not.toContain('unsafe');
    const nonce = policy.match(/style-src 'nonce-([^']+)'/)?.[1];
    expect(nonce).toBeTruthy();
    const page = await response.text();
    expect([...page.matchAll(/<script\b[^>]*>/g)].map((match) => match[0])).toEqual([
      '<script type="module" src="/docs/try-it.js">',
    ]);
    expect([...page.matchAll(/<style\b[^>]*>/g)].map((match) => match[0])).toEqual([
      `<style nonce="${nonce}">`,
    ]);
    expect(page).not.toMatch(/\sstyle=|\son[a-z]+=/i);
  });

  it('/docs shows every operation and every schema, and labels every field', async () => {
    const page = await (await call('/docs')).text();
    for (const [, , operation] of everyOperation()) {
      expect(page).toContain(`id="op-${operation.operationId}"`);
      expect(page).toContain(`aria-labelledby="try-${operation.operationId}"`);
    }
    for (const name of Object.keys(document.components.schemas)) {
      expect(page).toContain(`id="schema-${name}"`);
    }
    for (const type of webhookEventTypes) {
      const id = `webhook-${type.replaceAll('.', '-')}`;
      const section = page.slice(
        page.indexOf(`id="${id}"`),
        page.indexOf('</article>', page.indexOf(`id="${id}"`)),
      );
      expect(section, type).toContain(`<code>${type}</code>`);
      for (const header of ['webhook-id', 'webhook-timestamp', 'webhook-signature'])
        expect(section, type).toContain(`<code>${header}</code>`);
      expect(section, type).toContain('href="#schema-WebhookEvent"');
    }
    const ids = [...page.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
    const fields = [...page.matchAll(/<(input|select|textarea)\b[^>]*\sid="([^"]+)"/g)];
    expect(fields.length).toBeGreaterThan(50);
    for (const [, , id] of fields) expect(page).toContain(`<label for="${id}">`);
    expect([...page.matchAll(/<(input|select|textarea)\b/g)].length).toBe(fields.length);
    const anchors = [...page.matchAll(/href="#([^"]+)"/g)].map((match) => match[1]);
    for (const anchor of anchors) expect(ids, anchor).toContain(anchor);
  });

  it('/docs/try-it.js is a script of this origin that writes no HTML from strings', async () => {
    const response = await call('/docs/try-it.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const script = await response.text();
    expect(script).toContain("document.querySelectorAll('form.try-it')");
    expect(script).not.toMatch(
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/,
    );
    expect(script).not.toMatch(/https?:\/\//);
  });
});

describe('the worker answers as the document says', () => {
  it('public routes and their errors', async () => {
    await expectDocumented('get', '/v1/health', await call('/v1/health'));
    await expectDocumented(
      'get',
      '/v1/sites/{site}/form',
      await call('/v1/sites/demo/form?locale=de'),
    );
    await expectDocumented('get', '/v1/sites/{site}/form', await call('/v1/sites/nowhere/form'));
    await expectDocumented(
      'get',
      '/v1/sites/{site}/form',
      await call('/v1/sites/demo/form?locale=xx'),
    );
    const body = await validRequestBody('openapi@example.org');
    await expectDocumented(
      'post',
      '/v1/consent-requests',
      await postJson('/v1/consent-requests', body),
    );
    await expectDocumented(
      'post',
      '/v1/consent-requests',
      await postJson('/v1/consent-requests', { ...body, email: 'not an address' }),
    );
    await expectDocumented(
      'post',
      '/v1/consent-requests',
      await call('/v1/consent-requests', { method: 'POST', body: '{}' }),
    );
    await expectDocumented('get', '/.well-known/jwks.json', await call('/.well-known/jwks.json'));
    await expectDocumented('get', '/schemas/export.json', await call('/schemas/export.json'));
    await expectDocumented('get', '/dev/mailbox.json', await call('/dev/mailbox.json'));
    await expectDocumented('get', '/openapi.json', await call('/openapi.json'));
    await expectDocumented('get', '/docs', await call('/docs'));
    await expectDocumented('get', '/docs/try-it.js', await call('/docs/try-it.js'));
    await expectDocumented('get', '/dev/mailbox', await call('/dev/mailbox'));
  });

  it('pages, and their answers to unknown links', async () => {
    const unknown = 'x'.repeat(43);
    await expectDocumented('get', '/p/{site}', await call('/p/demo'));
    await expectDocumented('get', '/p/{site}', await call('/p/nowhere'));
    await expectDocumented('get', '/confirm/{token}', await call(`/confirm/${unknown}`));
    await expectDocumented('get', '/u/{token}', await call(`/u/${unknown}`));
    const oneClick = { 'content-type': 'application/x-www-form-urlencoded' };
    await expectDocumented(
      'post',
      '/u/{token}',
      await call(`/u/${unknown}`, {
        method: 'POST',
        headers: oneClick,
        body: 'List-Unsubscribe=One-Click',
      }),
    );
    await expectDocumented(
      'post',
      '/u/{token}',
      await call(`/u/${unknown}`, { method: 'POST', headers: oneClick, body: 'other=1' }),
    );
  });

  it('a confirmed consent as the site owner and the person see it', async () => {
    const email = 'openapi-confirmed@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    const link = await confirmLinkFor(email);
    await expectDocumented('get', '/confirm/{token}', await call(link));
    await expectDocumented('post', '/confirm/{token}', await pressConfirm(link));
    await expectDocumented('get', '/confirm/{token}', await call(link));

    const check = `/v1/consents/check?email=${encodeURIComponent(email)}&purpose=newsletter`;
    await expectDocumented('get', '/v1/consents/check', await admin(check));
    await expectDocumented(
      'post',
      '/v1/consents/checks',
      await admin('/v1/consents/checks', 'POST', { purpose: 'newsletter', emails: [email] }),
    );
    const evidence = await admin('/v1/consents/evidence', 'POST', { email, purpose: 'newsletter' });
    await expectDocumented('post', '/v1/consents/evidence', evidence);
    const records = (await expectDocumented('get', '/v1/records', await admin('/v1/records'))) as {
      records: { record: { id: string } }[];
    };
    const id = records.records.at(-1)?.record.id;
    await expectDocumented('get', '/v1/records/{id}', await admin(`/v1/records/${id}`));
    await expectDocumented('get', '/v1/records/{id}', await admin(`/v1/records/${id}?format=jws`));
    await expectDocumented('get', '/v1/log/checkpoint', await admin('/v1/log/checkpoint'));
    await expectDocumented(
      'get',
      '/v1/admin/subjects/consents',
      await admin(`/v1/admin/subjects/consents?email=${encodeURIComponent(email)}`),
    );

    await postJson('/v1/preference-links', { site: 'demo', email, locale: 'en' });
    const [mail] = await sql<{ text_body: string }>(
      "SELECT text_body FROM dev_mailbox WHERE to_address = ? AND subject LIKE '%preferences%' ORDER BY rowid DESC LIMIT 1",
      email,
    );
    const token = mail?.text_body.match(/#token=([A-Za-z0-9_-]{43})/)?.[1];
    const opened = await postJson('/v1/preference-sessions', { token });
    const { session } = (await opened.clone().json()) as { session: string };
    await expectDocumented('post', '/v1/preference-sessions', opened);
    const asPerson = (path: string) =>
      call(path, { headers: { authorization: `Bearer ${session}` } });
    await expectDocumented('get', '/v1/me', await asPerson('/v1/me?locale=en'));
    await expectDocumented('get', '/v1/me/export', await asPerson('/v1/me/export'));
    await expectDocumented('get', '/v1/me/export', await asPerson('/v1/me/export?format=csv'));
    await expectDocumented(
      'get',
      '/v1/me/export',
      await asPerson('/v1/me/export?format=html&locale=fr'),
    );
    await expectDocumented('get', '/v1/me', await call('/v1/me'));
  });

  it('the site owner’s settings, purposes, keys and reports', async () => {
    await expectDocumented('get', '/v1/admin/site', await admin('/v1/admin/site'));
    await expectDocumented('get', '/v1/admin/purposes', await admin('/v1/admin/purposes'));
    await expectDocumented('get', '/v1/admin/keys', await admin('/v1/admin/keys'));
    await expectDocumented('get', '/v1/admin/events', await admin('/v1/admin/events'));
    await expectDocumented(
      'get',
      '/v1/admin/reports',
      await admin('/v1/admin/reports?from=2026-01-01&to=2026-03-31'),
    );
    await expectDocumented(
      'get',
      '/v1/admin/processing-record',
      await admin('/v1/admin/processing-record'),
    );
    await expectDocumented(
      'get',
      '/v1/admin/suppressions',
      await admin('/v1/admin/suppressions?email=nobody%40example.org'),
    );
    await expectDocumented(
      'post',
      '/v1/admin/subjects/export',
      await admin('/v1/admin/subjects/export', 'POST', { email: 'nobody@example.org' }),
    );
    await expectDocumented('get', '/v1/admin/site', await call('/v1/admin/site'));
  });

  it('webhook endpoints and their delivery log', async () => {
    // The test event and its redelivery reach a receiver that answers at once.
    const receiver = vi
      .spyOn(globalThis, 'fetch')
      .mockImplementation(async () => new Response(null, { status: 204 }));
    const created = (await expectDocumented(
      'post',
      '/v1/admin/webhooks',
      await admin('/v1/admin/webhooks', 'POST', {
        url: 'https://hooks.example/signet',
        events: ['consent.confirmed'],
      }),
    )) as { id: string };
    await expectDocumented(
      'post',
      '/v1/admin/webhooks',
      await admin('/v1/admin/webhooks', 'POST', {
        url: 'http://10.0.0.1/',
        events: ['consent.confirmed'],
      }),
    );
    await expectDocumented('get', '/v1/admin/webhooks', await admin('/v1/admin/webhooks'));
    const one = `/v1/admin/webhooks/${created.id}`;
    const events = { events: ['consent.confirmed', 'subject.erased'] };
    await expectDocumented('patch', '/v1/admin/webhooks/{id}', await admin(one, 'PATCH', events));
    await expectDocumented('patch', '/v1/admin/webhooks/{id}', await admin(one, 'PATCH', {}));
    await expectDocumented(
      'post',
      '/v1/admin/webhooks/{id}/secret',
      await admin(`${one}/secret`, 'POST'),
    );
    const test = await admin(`${one}/test`, 'POST', { type: 'log.integrity' });
    const sent = (await expectDocumented('post', '/v1/admin/webhooks/{id}/test', test)) as {
      id: string;
    };
    await expectDocumented(
      'post',
      '/v1/admin/webhooks/{id}/deliveries/{delivery}/redeliver',
      await admin(`${one}/deliveries/${encodeURIComponent(sent.id)}/redeliver`, 'POST'),
    );
    await expectDocumented(
      'post',
      '/v1/admin/webhooks/{id}/deliveries/{delivery}/redeliver',
      await admin(`${one}/deliveries/evt_none/redeliver`, 'POST'),
    );
    const deliveries = `/v1/admin/webhooks/${created.id}/deliveries`;
    await expectDocumented('get', '/v1/admin/webhooks/{id}/deliveries', await admin(deliveries));
    await expectDocumented(
      'get',
      '/v1/admin/webhooks/{id}/deliveries',
      await admin(`${deliveries}?limit=1&before=${encodeURIComponent(sent.id)}`),
    );
    await expectDocumented(
      'get',
      '/v1/admin/webhooks/{id}/deliveries',
      await admin(`${deliveries}?limit=500`),
    );
    expect(receiver).toHaveBeenCalledTimes(2);
    receiver.mockRestore();
    const removed = await admin(`/v1/admin/webhooks/${created.id}`, 'DELETE');
    await expectDocumented('delete', '/v1/admin/webhooks/{id}', removed);
    await expectDocumented('get', '/v1/admin/webhooks/{id}/deliveries', await admin(deliveries));
  });

  it('the check catches an answer the document does not describe', async () => {
    const altered = structuredClone(document) as OpenApiDocument;
    const health = altered.components.schemas.Health as JsonObject;
    health.properties = { ...(health.properties as JsonObject), uptime: { type: 'number' } };
    health.required = [...(health.required as string[]), 'uptime'];
    const { problems } = await undocumented('get', '/v1/health', await call('/v1/health'), altered);
    expect(problems.join('\n')).toMatch(/required.*uptime/);
    const teapot = new Response('{}', {
      status: 418,
      headers: { 'content-type': 'application/json' },
    });
    expect((await undocumented('get', '/v1/health', teapot)).problems).toEqual([
      'GET /v1/health 418 is not documented',
    ]);
  });
});
