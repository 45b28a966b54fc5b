import { ExportSchema } from '@signet/sdk';
import { toJsonSchema } from '@valibot/to-json-schema';

let schema: ReturnType<typeof toJsonSchema> | null = null;

/** The export's JSON Schema (draft-07, as @valibot/to-json-schema writes it), from the one contract. */
export function exportJsonSchema() {
  schema ??= {
    ...toJsonSchema(ExportSchema, { errorMode: 'ignore' }),
    title: 'Signet export of one person on one site',
  };
  return schema;
}
