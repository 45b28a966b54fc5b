import { SiteExportLineSchema } from '@signet/sdk';
import { toJsonSchema } from '@valibot/to-json-schema';

let schema: ReturnType<typeof toJsonSchema> | null = null;

/**
 * The JSON Schema of one line of a whole-site export (draft-07, as @valibot/to-json-schema writes
 * it), from the one contract: each line of the NDJSON file is valid against it.
 */
export function siteExportJsonSchema() {
  schema ??= {
    ...toJsonSchema(SiteExportLineSchema, { errorMode: 'ignore' }),
    title: 'One line of a Signet site export (signet-site-export, version 1)',
  };
  return schema;
}
