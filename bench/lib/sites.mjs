// More sites like the demo site, for the scale bench: the demo seed's own statements with the
// site's id, key id and key hash replaced, so that every site has the same purposes and wording
// as the demo site, and its own API key.
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { paths } from './paths.mjs';

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** `count` sites `scale-001`, …, each with a fresh key: `{ sites: [{ id, apiKey }], seed }`. */
export async function extraSites(count, { origins }) {
  const { demoSeedStatements, demoSite } = await import(join(paths.api, 'seeds/demo-seed.mjs'));
  const template = demoSeedStatements({ origins });
  const demoId = `'${demoSite.site.id}'`;
  const demoHash = sha256(demoSite.apiKey);
  if (!template.every((statement) => statement.includes(demoId))) {
    throw new Error('the demo seed changed shape: every statement should name the demo site');
  }
  const sites = [];
  const seed = [];
  for (let i = 1; i <= count; i += 1) {
    const id = `scale-${String(i).padStart(3, '0')}`;
    const apiKey = `sk_bench_${randomBytes(24).toString('base64url')}`;
    sites.push({ id, apiKey });
    for (const statement of template) {
      seed.push(
        statement
          .replaceAll(demoId, `'${id}'`)
          .replaceAll(`'key-${demoSite.site.id}'`, `'key-${id}'`)
          .replaceAll(demoHash, sha256(apiKey)),
      );
    }
  }
  return { sites, seed };
}
