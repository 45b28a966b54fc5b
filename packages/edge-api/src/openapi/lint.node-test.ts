// Issue 22 item 7: /openapi.json as two independent tools read it. Redocly's recommended rules
// report no error (warnings are printed, not failed on) and swagger-parser validates it against
// the OpenAPI 3.1 schema. The served document is this builder's output (openapi.test.ts).
import SwaggerParser from '@apidevtools/swagger-parser';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from './document.js';

const source = () => JSON.stringify(buildOpenApiDocument());

async function redoclyProblems(text: string) {
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lintFromString({ source: text, absoluteRef: 'openapi.json', config });
  return problems.map((problem) => ({
    severity: problem.severity,
    rule: problem.ruleId,
    message: problem.message,
    at: problem.location[0]?.pointer,
  }));
}

describe('the OpenAPI document passes the linters', () => {
  it('Redocly lint (recommended rules) reports no error', async () => {
    const problems = await redoclyProblems(source());
    const warnings = problems.filter((problem) => problem.severity !== 'error');
    if (warnings.length) {
      const rules = [...new Set(warnings.map((warning) => warning.rule))];
      console.info(`redocly: ${warnings.length} warnings (${rules.join(', ')})`);
    }
    expect(problems.filter((problem) => problem.severity === 'error')).toEqual([]);
  });

  it('Redocly lint sees an error when there is one: a webhook without security', async () => {
    const broken = buildOpenApiDocument() as unknown as {
      webhooks: Record<string, { post: { security?: unknown } }>;
    };
    const confirmed = broken.webhooks['consent.confirmed'];
    if (confirmed) delete confirmed.post.security;
    const problems = await redoclyProblems(JSON.stringify(broken));
    expect(problems.filter((problem) => problem.severity === 'error')).toEqual([
      expect.objectContaining({ rule: 'security-defined' }),
    ]);
  });

  it('swagger-parser validates it as OpenAPI 3.1, every reference resolved', async () => {
    const parsed = (await SwaggerParser.validate(JSON.parse(source()))) as { openapi?: string };
    expect(parsed.openapi).toMatch(/^3\.1\./);
  });

  it('swagger-parser refuses a document with a broken reference', async () => {
    const broken = JSON.parse(
      source().replace('"#/components/schemas/Health"', '"#/components/schemas/Nowhere"'),
    );
    await expect(SwaggerParser.validate(broken)).rejects.toThrow();
  });
});
