/**
 * Signet's import format as JSON Schema (2020-12): one NDJSON line, or one CSV row by its column
 * names (docs/import.md). Only `email` is required; a field the source did not hold is left out
 * (or empty in CSV), never made up.
 */
export const signetImportRowJsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://signet.dev/schemas/import-row.v1.json',
  title: 'Signet import row',
  type: 'object',
  additionalProperties: false,
  required: ['email'],
  properties: {
    email: { type: 'string', format: 'email', maxLength: 254 },
    purpose: {
      type: 'string',
      pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
      description: "The purpose's id; without it, the purpose chosen for the import.",
    },
    opt_in_at: {
      type: 'string',
      description: 'When the person signed up: ISO 8601, Unix seconds, or DD.MM.YYYY [HH:MM[:SS]].',
    },
    opt_in_ip: { type: 'string', maxLength: 64, description: 'The IP address of the sign-up.' },
    confirmed_at: {
      type: 'string',
      description: "When the person confirmed the source's double opt-in (its DOI evidence).",
    },
    confirmed_ip: {
      type: 'string',
      maxLength: 64,
      description: 'The IP address of the confirmation.',
    },
    source_form: {
      type: 'string',
      maxLength: 512,
      description: 'The form or page of the sign-up.',
    },
    wording_text: {
      type: 'string',
      maxLength: 20000,
      description: 'The consent text the person saw.',
    },
    wording_version: {
      type: 'string',
      maxLength: 200,
      description: "The source's name for that text.",
    },
  },
} as const;
