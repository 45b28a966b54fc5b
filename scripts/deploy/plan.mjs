// The changes a deploy makes, in order, each as what it shows (for the plan and a dry run) and
// what it runs. Built from what the survey found, so a second deploy plans nothing it did before
// except `migrations apply` (which applies only new migrations) and `deploy`.

import { createSite, siteStatements } from './first-site.mjs';
import { createDatabase, createShredLog } from './resources.mjs';
import { generateSecrets, putSecret, writeKeysFile } from './secrets.mjs';
import { describeEdits, writeEdits } from './wrangler-config.mjs';

export function planDeploy({ wrangler, config, survey, settled, print }) {
  const steps = [];
  const state = { databaseId: survey.database.uuid, shredLogId: survey.shredLog.id };
  const newDatabase = '<id of the new database>';

  if (!state.databaseId) {
    steps.push({
      show: [wrangler.shown(['d1', 'create', survey.database.name, '--jurisdiction', 'eu'])],
      run: () => {
        state.databaseId = createDatabase(wrangler, survey.database.name);
      },
    });
  }
  if (!state.shredLogId) {
    steps.push({
      show: [
        wrangler.shown([
          'kv',
          'namespace',
          'create',
          survey.shredLog.title,
          '--jurisdiction',
          'eu',
        ]),
      ],
      run: () => {
        state.shredLogId = createShredLog(wrangler, survey.shredLog.title);
      },
    });
  }

  const edits = () => ({
    databaseId: state.databaseId,
    shredLogId: state.shredLogId,
    vars: settled.vars,
  });
  const described = describeEdits(config, {
    databaseId: state.databaseId ?? newDatabase,
    shredLogId: state.shredLogId ?? '<id of the new namespace>',
    vars: settled.vars,
  });
  if (described.length > 0) {
    steps.push({
      show: described.map((line) => `write ${config.file}: ${line}`),
      run: () => {
        print(`write ${config.file}: ${describeEdits(config, edits()).join('; ')}`);
        writeEdits(config, edits());
      },
    });
  }

  steps.push({
    show: [wrangler.shown(['d1', 'migrations', 'apply', 'DB', '--remote'])],
    run: () => wrangler.change(['d1', 'migrations', 'apply', 'DB', '--remote']),
  });

  const secrets = {};
  if (settled.generate.length > 0) {
    steps.push({
      show: [`generate ${settled.generate.join(', ')} on this machine`],
      run: () => Object.assign(secrets, generateSecrets(settled.generate)),
    });
    if (settled.keysFile) {
      steps.push({
        show: [`write a copy of them to ${settled.keysFile} (mode 600)`],
        run: () => {
          writeKeysFile(settled.keysFile, secrets);
          print(
            `wrote ${settled.keysFile} (mode 600): keep it somewhere safe, then delete it here`,
          );
        },
      });
    }
  }
  for (const name of [...settled.generate, ...Object.keys(settled.providerKeys)]) {
    const asks = !settled.generate.includes(name) && settled.providerKeys[name] === undefined;
    const how = asks ? 'wrangler asks for the value' : 'the value on stdin';
    steps.push({
      show: [`${wrangler.shown(['secret', 'put', name])}   # ${how}`],
      run: () => putSecret(wrangler, name, secrets[name] ?? settled.providerKeys[name]),
    });
  }

  if (settled.site) {
    const withSite = settled.siteWork === 'site-and-key';
    const statements = siteStatements(settled.site, {
      keyHash: '<sha-256 of the new key>',
      now: new Date(),
      withSite,
    });
    const database = state.databaseId ?? newDatabase;
    steps.push({
      show: [
        wrangler.shown([
          'd1',
          'execute',
          database,
          '--remote',
          '--json',
          '--command',
          statements.join('; '),
        ]),
      ],
      run: () => {
        state.apiKey = createSite(wrangler, state.databaseId, settled.site, { withSite });
      },
    });
  }

  steps.push({ show: [wrangler.shown(['deploy'])], run: () => wrangler.change(['deploy']) });
  return { steps, state };
}
