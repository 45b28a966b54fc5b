import type { ApiErrorCode } from './error-codes.js';
import type { Operation } from './operation.js';

/** The parts of an OpenAPI 3.1 document that Signet writes, as the page and the tests read them. */
export type JsonObject = { [key: string]: unknown };

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonObject;
}

export interface MediaObject {
  schema: JsonObject;
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, { $ref: string }>;
  content?: Record<string, MediaObject>;
  'x-signet-error-codes'?: ApiErrorCode[];
}

export interface OperationObject {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  security: Record<string, string[]>[];
  parameters: ParameterObject[];
  requestBody?: { required: true; content: Record<string, MediaObject> };
  responses: Record<string, ResponseObject>;
  'x-signet-development-only'?: true;
}

/** An event Signet sends to a site's endpoint (OpenAPI 3.1's `webhooks`). */
export interface WebhookObject {
  post: {
    operationId: string;
    summary: string;
    description: string;
    security: Record<string, string[]>[];
    parameters: ParameterObject[];
    requestBody: { required: true; content: Record<string, MediaObject> };
    responses: Record<string, ResponseObject>;
  };
}

export interface OpenApiDocument {
  openapi: string;
  info: {
    title: string;
    version: string;
    description: string;
    license: { name: string; identifier: string };
  };
  jsonSchemaDialect: string;
  servers: { url: string; description: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Partial<Record<Operation['method'], OperationObject>>>;
  webhooks: Record<string, WebhookObject>;
  components: {
    schemas: Record<string, JsonObject>;
    securitySchemes: Record<string, JsonObject>;
    headers: Record<string, JsonObject>;
  };
}

export const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;
