import type { SignetErrorCode } from '@signet/sdk';
import type { GenericSchema } from 'valibot';

/**
 * A JSON Schema written by hand: only for what is not JSON of the wire contract (a page's form,
 * a document that is itself a schema).
 */
export type HandWrittenSchema = { readonly [keyword: string]: unknown };

/** A schema of the SDK's contract, or (rarely) one written by hand. */
export type SchemaSource = GenericSchema | HandWrittenSchema;

export function isValibotSchema(source: SchemaSource): source is GenericSchema {
  return (source as { kind?: unknown }).kind === 'schema';
}

/**
 * Who may call: nobody in particular, the site's API key, the site's key or a browser's Origin
 * (routes browsers and shop servers share), or a person's preference session.
 */
export type Security = 'none' | 'siteKey' | 'optionalSiteKey' | 'preferenceSession';

export const tags = [
  {
    name: 'Public',
    description:
      'What a site embeds: the form and its double opt-in. Browsers call these with CORS for the origins a site allows.',
  },
  {
    name: 'Person',
    description:
      'The person’s own side: a link by email, a short bearer session (never a cookie), and what it may see and do.',
  },
  {
    name: 'Pages',
    description:
      'Pages for people, linked from emails and SMS: opening one never changes anything; its button does.',
  },
  {
    name: 'Site owner',
    description:
      'The site’s API key (`Authorization: Bearer sk_…`) reaches its own site only: asking before contact, settings, purposes, keys, reports.',
  },
  {
    name: 'Proof',
    description:
      'Signed records and what checks them: every record is an Ed25519 signature over canonical JSON, chained per site.',
  },
  {
    name: 'Reference',
    description:
      'This reference, the OpenAPI document it is made from, and the export’s JSON Schema.',
  },
  {
    name: 'Development',
    description:
      'Only when `ENVIRONMENT` is `development` (`npm start`); elsewhere these answer 404.',
  },
] as const;

export type Tag = (typeof tags)[number]['name'];

/** Media types answered besides JSON, each a text body (a PDF is a binary one). */
export type TextMedia =
  | 'application/pdf'
  | 'text/html'
  | 'text/csv'
  | 'text/markdown'
  | 'text/javascript'
  | 'application/jose'
  | 'application/x-ndjson';

export interface Answer {
  description: string;
  json?: SchemaSource;
  /** The JSON answer's example, where the one made from its schema would say too little. */
  example?: unknown;
  text?: readonly TextMedia[];
}

export interface Parameter {
  schema: SchemaSource;
  description: string;
}

export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI's form: `/v1/sites/{site}/form`, named as the Hono route names its parameters. */
  path: string;
  operationId: string;
  tag: Tag;
  summary: string;
  /** What a caller needs to know (CommonMark). */
  description: string;
  security: Security;
  pathParameters?: Record<string, Parameter>;
  /** An object schema of the query string: each property is one parameter. */
  query?: GenericSchema;
  queryDescriptions?: Record<string, string>;
  headers?: Record<string, Parameter & { required?: boolean }>;
  body?: {
    schema: SchemaSource;
    /** JSON unless said otherwise (the pages' own forms, an import's rows). */
    media?: 'application/x-www-form-urlencoded' | 'text/csv';
    example?: unknown;
  };
  responses: Partial<Record<number, Answer>>;
  /**
   * Error codes the operation itself can answer; `internal`, `unauthorized` under a key or
   * session, and the body and query errors are added from what the operation takes.
   */
  errors?: readonly SignetErrorCode[];
  developmentOnly?: boolean;
}
