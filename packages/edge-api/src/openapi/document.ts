import { errorStatus, WebhookEventSchema, type WebhookEventType } from '@signet/sdk';
import type {
  JsonObject,
  MediaObject,
  OpenApiDocument,
  OperationObject,
  ParameterObject,
  ResponseObject,
  WebhookObject,
} from './document-types.js';
import { type ApiErrorCode, errorMeanings } from './error-codes.js';
import { exampleOf, textExamples, webhookEventExample } from './examples.js';
import { type Answer, type Operation, type Security, tags } from './operation.js';
import { operations } from './operations/index.js';
import { webhookEvents } from './operations/webhooks.js';
import { type Converted, componentPrefix, convertSchemas, reachableComponents } from './schemas.js';

/** The API's version, as `GET /v1/health` reports it. */
export const apiVersion = '0.1.0';

const securityOf: Record<Security, Record<string, string[]>[]> = {
  none: [],
  siteKey: [{ siteKey: [] }],
  // An empty requirement: a browser calls without a key and proves itself by its Origin.
  optionalSiteKey: [{}, { siteKey: [] }],
  preferenceSession: [{ preferenceSession: [] }],
};

const securitySchemes = {
  siteKey: {
    type: 'http',
    scheme: 'bearer',
    description:
      'The site’s API key (`POST /v1/admin/keys`; the demo seed’s is `sk_demo_local_development_only`). A key reaches only its own site; only its SHA-256 is stored. A call may name the site it means in a `Signet-Site` header (the SDK always does): a key of another site is then refused with `401 unauthorized`.',
  },
  preferenceSession: {
    type: 'http',
    scheme: 'bearer',
    description:
      'A session from `POST /v1/preference-sessions`: one site and one person, 15 minutes idle, 60 at most. Never a cookie.',
  },
  webhookSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'webhook-signature',
    description:
      'How a site’s endpoint knows a webhook is Signet’s (Standard Webhooks): `v1,` and the base64 HMAC-SHA256 of `webhook-id.webhook-timestamp.body` under the endpoint’s secret (`whsec_…`), one such signature per valid secret, space-separated (two for the 24 hours after a rotation). `verifyWebhook` in `@signet/sdk/server` checks it, the timestamp (5 minutes either way) and the body.',
  },
};

const description = `Signet’s API: a site’s consent form and its double opt-in, the person’s own side, the site owner’s API and the signed proof.

Every bad input is answered with a 4xx and \`{ "error": { "code", "message", "field" } }\` and writes nothing. The codes are the closed union \`SignetErrorCode\` of \`@signet/sdk\`, each with one status:

${Object.entries(errorMeanings)
  .map(([code, meaning]) => `- \`${code}\` (${errorStatus[code as ApiErrorCode]}): ${meaning}`)
  .join('\n')}

Every schema here is made from the contract in \`@signet/sdk\` and named as it is there (\`FormConfig\` is \`FormConfigSchema\`).`;

/** Errors an operation can answer because of what it takes, besides its own. */
function impliedErrors(operation: Operation): ApiErrorCode[] {
  const codes: ApiErrorCode[] = ['internal'];
  if (operation.security !== 'none') codes.push('unauthorized');
  if (operation.query) codes.push('invalid_input');
  if (operation.body) codes.push('payload_too_large');
  if (operation.body && !operation.body.media) {
    codes.push('invalid_json', 'unsupported_media_type', 'invalid_input');
  }
  return codes;
}

function parametersOf(operation: Operation, schemas: Converted): ParameterObject[] {
  const parameters: ParameterObject[] = [];
  for (const [name, parameter] of Object.entries(operation.pathParameters ?? {})) {
    const schema = schemas.schemaOf(parameter.schema);
    parameters.push({
      name,
      in: 'path',
      required: true,
      description: parameter.description,
      schema,
    });
  }
  if (operation.query) {
    const query = schemas.objectOf(operation.query);
    const required = (query.required as string[] | undefined) ?? [];
    const properties = (query.properties ?? {}) as Record<string, JsonObject>;
    for (const [name, schema] of Object.entries(properties)) {
      const said =
        operation.queryDescriptions?.[name] ?? (schema.description as string | undefined);
      parameters.push({
        name,
        in: 'query',
        required: required.includes(name),
        ...(said ? { description: said } : {}),
        schema,
      });
    }
  }
  for (const [name, header] of Object.entries(operation.headers ?? {})) {
    parameters.push({
      name,
      in: 'header',
      required: header.required ?? false,
      description: header.description,
      schema: schemas.schemaOf(header.schema),
    });
  }
  return parameters;
}

function contentOf(answer: Answer, schemas: Converted): Record<string, MediaObject> {
  const content: Record<string, MediaObject> = {};
  if (answer.json) {
    const schema = schemas.schemaOf(answer.json);
    const example = answer.example ?? exampleOf(schema, schemas.components);
    content['application/json'] = { schema, example };
  }
  for (const media of answer.text ?? []) {
    content[media] =
      media === 'application/pdf'
        ? { schema: { type: 'string', format: 'binary' } }
        : { schema: { type: 'string' }, example: textExamples[media] };
  }
  return content;
}

function responsesOf(operation: Operation, schemas: Converted): Record<string, ResponseObject> {
  const responses: Record<string, ResponseObject> = {};
  for (const [status, answer] of Object.entries(operation.responses)) {
    if (answer)
      responses[status] = { description: answer.description, content: contentOf(answer, schemas) };
  }
  const codes = [...new Set([...impliedErrors(operation), ...(operation.errors ?? [])])];
  const byStatus = new Map<number, ApiErrorCode[]>();
  for (const code of codes as ApiErrorCode[]) {
    byStatus.set(errorStatus[code], [...(byStatus.get(errorStatus[code]) ?? []), code]);
  }
  for (const [status, statusCodes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const said = `Error ${statusCodes.map((code) => `\`${code}\``).join(', ')}`;
    const errorContent = {
      schema: { $ref: `${componentPrefix}ErrorResponse` },
      examples: Object.fromEntries(
        statusCodes.map((code) => [code, { value: errorExample(code) }]),
      ),
    };
    const page = responses[status];
    responses[status] = page
      ? {
          description: `${page.description}; or an error answer: ${said}`,
          content: { ...page.content, 'application/json': errorContent },
          'x-signet-error-codes': statusCodes,
        }
      : {
          description: said,
          content: { 'application/json': errorContent },
          'x-signet-error-codes': statusCodes,
        };
  }
  return Object.fromEntries(
    Object.entries(responses)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, response]) => [status, { ...response, headers: requestIdHeaders }]),
  );
}

const mitLicense = { name: 'MIT', identifier: 'MIT' };

/** What an error answer with this code looks like: its meaning as the message, an id as sent. */
function errorExample(code: ApiErrorCode) {
  const requestId = 'req_5f0c6a1e9b2d4c7f8a3e1b6d0c9f2a4e';
  const field = code === 'invalid_input' ? 'email' : null;
  return { error: { code, message: errorMeanings[code] ?? code, field, requestId } };
}

/** Every answer carries one (middleware/request-id.ts); an error body holds it too. */
const requestIdComponent = {
  description:
    'This request’s id (`req_` and 32 hex digits), the same as `error.requestId` in an error answer: quote it when asking about a request.',
  schema: { type: 'string', pattern: '^req_[0-9a-f]{32}$' },
};
const requestIdHeaders = { 'Request-Id': { $ref: '#/components/headers/RequestId' } };

function operationObject(operation: Operation, schemas: Converted): OperationObject {
  const body = operation.body;
  return {
    operationId: operation.operationId,
    tags: [operation.tag],
    summary: operation.summary,
    description: operation.description,
    security: securityOf[operation.security],
    parameters: parametersOf(operation, schemas),
    ...(body
      ? {
          requestBody: {
            required: true,
            content: {
              [body.media ?? 'application/json']: {
                schema: schemas.schemaOf(body.schema),
                ...(body.example === undefined ? {} : { example: body.example }),
              },
            },
          },
        }
      : {}),
    responses: responsesOf(operation, schemas),
    ...(operation.developmentOnly ? { 'x-signet-development-only': true as const } : {}),
  };
}

const webhookHeaders: ParameterObject[] = [
  {
    name: 'webhook-id',
    in: 'header',
    required: true,
    description: 'The event’s id, the same on every retry: deduplicate on it.',
    schema: { type: 'string' },
  },
  {
    name: 'webhook-timestamp',
    in: 'header',
    required: true,
    description: 'Seconds since 1970 when this attempt was signed.',
    schema: { type: 'string', pattern: '^\\d+$' },
  },
  {
    name: 'webhook-signature',
    in: 'header',
    required: true,
    description:
      '`v1,` and the base64 HMAC-SHA256 of `id.timestamp.body` under the endpoint’s secret (Standard Webhooks); `verifyWebhook` in `@signet/sdk/server` checks it.',
    schema: { type: 'string' },
  },
];

/**
 * Signet's calls to a site's endpoints: signed as Standard Webhooks, retried from the cron until
 * a 2xx for more than three days, one attempt at a time per event.
 */
function webhooksOf(schemas: Converted): Record<string, WebhookObject> {
  return Object.fromEntries(
    Object.entries(webhookEvents).map(([type, said]) => [
      type,
      {
        post: {
          operationId: `on-${type}`,
          summary: type,
          description: said,
          security: [{ webhookSignature: [] }],
          parameters: webhookHeaders,
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: schemas.schemaOf(WebhookEventSchema),
                example: webhookEventExample(type as WebhookEventType),
              },
            },
          },
          responses: {
            '2XX': {
              description: 'Received; any other answer, a redirect or 10 s of silence is retried',
            },
          },
        },
      },
    ]),
  );
}

/** The OpenAPI 3.1 document of the given operations (every route of the worker by default). */
export function buildOpenApiDocument(list: readonly Operation[] = operations): OpenApiDocument {
  const schemas = convertSchemas(list, [WebhookEventSchema]);
  const paths: OpenApiDocument['paths'] = {};
  for (const operation of list) {
    paths[operation.path] ??= {};
    (paths[operation.path] as Record<string, OperationObject>)[operation.method] = operationObject(
      operation,
      schemas,
    );
  }
  const webhooks = webhooksOf(schemas);
  const used = reachableComponents({ paths, webhooks }, schemas.components);
  return {
    openapi: '3.1.1',
    // The project's licence (LICENSE), as an SPDX identifier.
    info: { title: 'Signet API', version: apiVersion, description, license: mitLicense },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    servers: [{ url: '/', description: 'The origin that serves this document' }],
    tags: tags.map((tag) => ({ ...tag })),
    paths,
    webhooks,
    components: {
      schemas: Object.fromEntries(
        Object.entries(schemas.components)
          .filter(([name]) => used.has(name))
          .sort(([a], [b]) => a.localeCompare(b)),
      ),
      securitySchemes,
      headers: { RequestId: requestIdComponent },
    },
  };
}

let built: OpenApiDocument | null = null;

/** Built once per isolate: the contract does not change while the worker runs. */
export function openApiDocument(): OpenApiDocument {
  built ??= buildOpenApiDocument();
  return built;
}
