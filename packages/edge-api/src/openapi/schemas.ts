import * as contract from '@signet/sdk';
import { toJsonSchemaDefs } from '@valibot/to-json-schema';
import type { GenericSchema } from 'valibot';
import type { JsonObject } from './document-types.js';
import { isValibotSchema, type Operation, type SchemaSource } from './operation.js';

export const componentPrefix = '#/components/schemas/';

/**
 * Every schema the SDK exports, named as the contract names it without `Schema`
 * (`FormConfigSchema` is `FormConfig`): a schema the contract gains is a component at once, and
 * a name in the document is a name a developer finds in `@signet/sdk`.
 */
function contractSchemas(): Record<string, GenericSchema> {
  const named: Record<string, GenericSchema> = {};
  for (const [name, value] of Object.entries(contract)) {
    if (name.endsWith('Schema') && isSchemaValue(value))
      named[name.slice(0, -'Schema'.length)] = value;
  }
  return named;
}

function isSchemaValue(value: unknown): value is GenericSchema {
  return typeof value === 'object' && value !== null && isValibotSchema(value as SchemaSource);
}

/**
 * Converts every schema at once, so a schema met twice is converted once and shared schemas
 * become references to `components/schemas`; what the table builds itself (a `v.pick` of a
 * query) is converted under a private name and written inline.
 */
export function convertSchemas(
  list: readonly Operation[],
  alsoUsed: readonly GenericSchema[] = [],
) {
  const named = contractSchemas();
  const nameOf = new Map<GenericSchema, string>(
    Object.entries(named).map(([name, schema]) => [schema, name]),
  );
  const inline: Record<string, GenericSchema> = {};
  const take = (source: SchemaSource | undefined) => {
    if (source && isValibotSchema(source) && !nameOf.has(source)) {
      const key = `inline~${Object.keys(inline).length}`;
      inline[key] = source;
      nameOf.set(source, key);
    }
  };
  for (const schema of alsoUsed) take(schema);
  for (const operation of list) {
    for (const parameter of Object.values(operation.pathParameters ?? {})) take(parameter.schema);
    for (const header of Object.values(operation.headers ?? {})) take(header.schema);
    take(operation.query);
    take(operation.body?.schema);
    for (const answer of Object.values(operation.responses)) take(answer?.json);
  }
  const converted = toJsonSchemaDefs(
    { ...named, ...inline },
    {
      target: 'draft-2020-12',
      // Requests are what the contract reads: a pipe's checks after a transform are the SDK's.
      typeMode: 'input',
      // Checks JSON Schema cannot say (`v.check`) are left out; their messages still reach callers.
      errorMode: 'ignore',
      overrideRef: ({ referenceId }) => `${componentPrefix}${referenceId}`,
    },
  ) as Record<string, JsonObject>;
  const schemaOf = (source: SchemaSource): JsonObject => {
    if (!isValibotSchema(source)) return { ...source };
    const key = nameOf.get(source) as string;
    return key in inline ? (converted[key] as JsonObject) : { $ref: `${componentPrefix}${key}` };
  };
  /** The object schema behind a reference: a query's properties are its parameters. */
  const objectOf = (source: SchemaSource): JsonObject => {
    const schema = schemaOf(source);
    const ref = schema.$ref;
    return typeof ref === 'string'
      ? (converted[ref.slice(componentPrefix.length)] as JsonObject)
      : schema;
  };
  const components = Object.fromEntries(
    Object.entries(converted).filter(([key]) => !(key in inline)),
  );
  return { schemaOf, objectOf, components };
}

export type Converted = ReturnType<typeof convertSchemas>;

/** The names of every component a part of the document reaches, following references. */
export function reachableComponents(start: unknown, components: Record<string, JsonObject>) {
  const seen = new Set<string>();
  const visit = (value: unknown) => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        if (key === '$ref' && typeof item === 'string' && item.startsWith(componentPrefix)) {
          const name = item.slice(componentPrefix.length);
          if (!seen.has(name)) {
            seen.add(name);
            visit(components[name]);
          }
        } else {
          visit(item);
        }
      }
    }
  };
  visit(start);
  return seen;
}
