import * as contract from '@signet/sdk';
import type { GenericSchema } from 'valibot';
import { isValibotSchema, type SchemaSource } from './operation.js';

/**
 * Every schema the SDK exports, named as the contract names it without `Schema`
 * (`FormConfigSchema` is `FormConfig`): a schema the contract gains is a component at once, and
 * a name in the document is a name a developer finds in `@signet/sdk`.
 */
export function contractSchemas(): Record<string, GenericSchema> {
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
