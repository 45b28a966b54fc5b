// The D1 database and the shred log's KV namespace (S1): found by the id in wrangler.jsonc, or
// while that is still the placeholder by name, and created in the EU jurisdiction when missing.
// A jurisdiction is fixed when a resource is created, so one outside the EU is refused, never
// used: nothing after the check runs.

import { DeployRefusal } from './refusal.mjs';
import { isPlaceholderId } from './wrangler-config.mjs';

const moveAdvice =
  'A jurisdiction is set when a resource is created and never changes. Create a new one with `--jurisdiction eu`, move the data, and put its id into wrangler.jsonc (or put the placeholder id back and run the deploy again to have it created).';

/** The configured D1 database as the account has it, or `{ uuid: null }` if it is to be created. */
export function surveyDatabase(wrangler, config) {
  const { name, id } = config.database;
  const databases = wrangler.readJson(['d1', 'list', '--json']);
  const configured = !isPlaceholderId(id);
  const found = databases.find((db) => (configured ? db.uuid === id : db.name === name));
  if (configured && !found) {
    throw new DeployRefusal(
      `wrangler.jsonc names the D1 database ${id}, which this account does not have (wrong account, or deleted). Fix the id, or put the placeholder back to create "${name}".`,
    );
  }
  if (!found) return { name, uuid: null };
  requireEuDatabase(wrangler, found);
  return { name: found.name, uuid: found.uuid };
}

/** `d1 info` asks the API about this very database (by uuid, as the config may not have it yet). */
export function requireEuDatabase(wrangler, database) {
  const info = wrangler.readJson(['d1', 'info', database.uuid, '--json']);
  if (info.jurisdiction !== 'eu') {
    throw new DeployRefusal(
      `the D1 database "${database.name}" (${database.uuid}) is not in the EU jurisdiction (it has ${JSON.stringify(info.jurisdiction ?? null)}), so Signet will not store personal data in it (S1). ${moveAdvice}`,
    );
  }
}

export const createDatabaseArgs = (name) => ['d1', 'create', name, '--jurisdiction', 'eu'];

export function createDatabase(wrangler, name) {
  wrangler.change(createDatabaseArgs(name));
  const created = wrangler.readJson(['d1', 'list', '--json']).find((db) => db.name === name);
  if (!created) throw new DeployRefusal(`the new D1 database "${name}" is not listed`);
  requireEuDatabase(wrangler, created);
  return created.uuid;
}

/** The title a created namespace gets: the worker's name, so an account can hold several. */
export const shredLogTitle = (config) => `${config.workerName}-shred-log`;

function requireEuNamespace(namespace) {
  if (namespace.jurisdiction !== 'eu') {
    throw new DeployRefusal(
      `the KV namespace "${namespace.title}" (${namespace.id}) for SHRED_LOG is not in the EU jurisdiction (it has ${JSON.stringify(namespace.jurisdiction ?? null)}). ${moveAdvice}`,
    );
  }
}

export function surveyShredLog(wrangler, config) {
  const { id } = config.shredLog;
  const title = shredLogTitle(config);
  const namespaces = wrangler.readJson(['kv', 'namespace', 'list']);
  const configured = !isPlaceholderId(id);
  const found = namespaces.find((ns) => (configured ? ns.id === id : ns.title === title));
  if (configured && !found) {
    throw new DeployRefusal(
      `wrangler.jsonc names the KV namespace ${id} for SHRED_LOG, which this account does not have. Fix the id, or put the placeholder back to create "${title}".`,
    );
  }
  if (!found) return { title, id: null };
  requireEuNamespace(found);
  return { title, id: found.id };
}

export const createShredLogArgs = (title) => [
  'kv',
  'namespace',
  'create',
  title,
  '--jurisdiction',
  'eu',
];

export function createShredLog(wrangler, title) {
  wrangler.change(createShredLogArgs(title));
  const created = wrangler.readJson(['kv', 'namespace', 'list']).find((ns) => ns.title === title);
  if (!created) throw new DeployRefusal(`the new KV namespace "${title}" is not listed`);
  requireEuNamespace(created);
  return created.id;
}
