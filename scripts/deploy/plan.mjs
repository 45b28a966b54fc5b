// The changes a deploy makes, in order, each as what it shows (for the plan and a dry run) and
// what it runs. Built from what the survey found, so a second deploy plans nothing it did before
// except `migrations apply` (which applies only new migrations) and `deploy`.

import { placeNewSiteStatement } from '../../packages/edge-api/seeds/site-placement.mjs';
import {
  createSite,
  executeArgs,
  placeSite,
  shardDatabase,
  siteStatements,
} from './first-site.mjs';
import {
  createDatabase,
  createDatabaseArgs,
  createShredLog,
  createShredLogArgs,
} from './resources.mjs';
import { generateSecrets, putSecret, writeKeysFile } from './secrets.mjs';
import { shardSteps } from './shards.mjs';
import { addDatabaseBindings, describeEdits, writeEdits } from './wrangler-config.mjs';

const newDatabase = '<id of the new database>';

function resourceSteps({ wrangler, survey }, state) {
  const steps = [];
  if (!state.databaseId) {
    steps.push({
      show: [wrangler.shown(createDatabaseArgs(survey.database.name))],
      run: () => {
        state.databaseId = createDatabase(wrangler, survey.database.name);
      },
    });
  }
  if (!state.shredLogId) {
    steps.push({
      show: [wrangler.shown(createShredLogArgs(survey.shredLog.title))],
      run: () => {
        state.shredLogId = createShredLog(wrangler, survey.shredLog.title);
      },
    });
  }
  return steps;
}

function configSteps({ config, settled, print }, state) {
  // Planned before the resources exist: their new ids show as placeholders until they run.
  const edits = (planning) => ({
    databaseId: state.databaseId ?? (planning ? newDatabase : undefined),
    shredLogId: state.shredLogId ?? (planning ? '<id of the new namespace>' : undefined),
    vars: settled.vars,
  });
  const planned = describeEdits(config, edits(true));
  if (planned.length === 0) return [];
  return [
    {
      show: planned.map((line) => `write ${config.file}: ${line}`),
      run: () => {
        print(`write ${config.file}: ${describeEdits(config, edits(false)).join('; ')}`);
        writeEdits(config, edits(false));
      },
    },
  ];
}

function secretSteps({ wrangler, settled, print }) {
  const steps = [];
  const secrets = {};
  if (settled.generate.length > 0) {
    steps.push({
      show: [`generate ${settled.generate.join(', ')} on this machine`],
      run: () => Object.assign(secrets, generateSecrets(settled.generate)),
    });
  }
  if (settled.generate.length > 0 && settled.keysFile) {
    steps.push({
      show: [`write a copy of them to ${settled.keysFile} (mode 600)`],
      run: () => {
        writeKeysFile(settled.keysFile, secrets);
        print(`wrote ${settled.keysFile} (mode 600): keep it somewhere safe, then delete it here`);
      },
    });
  }
  for (const name of [...settled.generate, ...Object.keys(settled.providerKeys)]) {
    const asks = !settled.generate.includes(name) && settled.providerKeys[name] === undefined;
    const how = asks ? 'wrangler asks for the value' : 'the value on stdin';
    steps.push({
      show: [`${wrangler.shown(['secret', 'put', name])}   # ${how}`],
      run: () => putSecret(wrangler, name, secrets[name] ?? settled.providerKeys[name]),
    });
  }
  return steps;
}

function siteSteps({ wrangler, settled, survey }, state) {
  if (!settled.site) return [];
  const withSite = settled.siteWork === 'site-and-key';
  const keyHash = '<sha-256 of the new key>';
  const statements = siteStatements(settled.site, { keyHash, now: new Date(), withSite });
  // With shards a new site goes where the directory puts it (decision 0009); a site it has,
  // to its shard.
  const shards = survey.shards.filter((db) => db.binding.startsWith('DB_')).length + 1;
  const sharded = survey.shards.some((db) => db.binding === 'DIRECTORY');
  const placing = { shards, shardZeroSites: survey.sites.sites };
  const show = sharded
    ? [
        wrangler.shown(executeArgs('DIRECTORY', [placeNewSiteStatement(settled.site.id, placing)])),
        wrangler.shown(executeArgs('<DB or DB_n, the shard the directory chose>', statements)),
      ]
    : [wrangler.shown(executeArgs(state.databaseId ?? newDatabase, statements))];
  return [
    {
      show,
      run: () => {
        const shard = !sharded
          ? 0
          : withSite
            ? placeSite(wrangler, settled.site.id, placing)
            : (survey.sites.home ?? 0);
        const database = shardDatabase(shard, state.databaseId);
        const key = createSite(wrangler, database, settled.site, { withSite });
        // The key as its owner uses it names the site's shard (crypto/shard-tags.ts).
        state.apiKey = shard === 0 ? key : `${shard}.${key}`;
        state.shard = shard;
      },
    },
  ];
}

export function planDeploy(context) {
  const { wrangler, survey } = context;
  const state = { databaseId: survey.database.uuid, shredLogId: survey.shredLog.id };
  const migrations = ['d1', 'migrations', 'apply', 'DB', '--remote'];
  const steps = [
    ...resourceSteps(context, state),
    ...configSteps(context, state),
    { show: [wrangler.shown(migrations)], run: () => wrangler.change(migrations) },
    // The site below goes to the shard the directory chooses; the cron and the routing find the
    // shards by binding.
    ...shardSteps(context, survey.shards, (entries) =>
      addDatabaseBindings(context.config, entries),
    ),
    ...secretSteps(context),
    ...siteSteps(context, state),
    { show: [wrangler.shown(['deploy'])], run: () => wrangler.change(['deploy']) },
  ];
  return { steps, state };
}
