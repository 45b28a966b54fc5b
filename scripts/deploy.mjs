// `npm run deploy`: Signet on Cloudflare with its data in the EU (S1), in one idempotent command.
// First a survey that only reads, then every input settled (or the whole list of what is
// missing), then the plan, and only then the changes: a refusal comes before any change, and a
// run that fails halfway is finished by running it again. `--help` for the options;
// docs/deploy.md for the same path by hand.

import { siteWork, surveyHomeShard, surveySites } from './deploy/first-site.mjs';
import { helpText } from './deploy/help.mjs';
import {
  createSettler,
  settleKeysFile,
  settleProviderKeys,
  settleSite,
  settleVariables,
} from './deploy/inputs.mjs';
import { readOptions } from './deploy/options.mjs';
import { planDeploy } from './deploy/plan.mjs';
import { createPrompter } from './deploy/prompt.mjs';
import { DeployRefusal } from './deploy/refusal.mjs';
import { surveyDatabase, surveyShredLog } from './deploy/resources.mjs';
import { generatedSecretNames, surveySecrets } from './deploy/secrets.mjs';
import { surveyShardDatabases, wantedShardDatabases } from './deploy/shards.mjs';
import { createWrangler, WranglerError } from './deploy/wrangler.mjs';
import { readWranglerConfig } from './deploy/wrangler-config.mjs';

const print = (line) => process.stdout.write(`${line}\n`);

function modeOf(options) {
  if (options.dryRun) return 'placeholder';
  if (options.yes) return 'refuse';
  if (!process.stdin.isTTY) {
    throw new DeployRefusal('not a terminal: pass --yes to deploy without questions, or --dry-run');
  }
  return 'ask';
}

function survey(wrangler, config, options) {
  const siteId = options.site['site-id'];
  const wanted = wantedShardDatabases(config, options.shards ?? config.shards.length + 1);
  const database = surveyDatabase(wrangler, config);
  const shards = surveyShardDatabases(wrangler, wanted);
  const shredLog = surveyShredLog(wrangler, config);
  const secretNames = surveySecrets(wrangler);
  const sites = database.uuid
    ? surveySites(wrangler, database.uuid, siteId)
    : { sites: 0, siteExists: false, activeKeys: 0 };
  // With shards the site may live in another one: the directory says which.
  const directory = shards.find((db) => db.binding === 'DIRECTORY');
  const home = directory?.uuid && siteId ? surveyHomeShard(wrangler, directory.uuid, siteId) : null;
  const homeDb = shards.find((db) => db.binding === `DB_${home}`);
  if (home && homeDb?.uuid) {
    const there = surveySites(wrangler, homeDb.uuid, siteId);
    Object.assign(sites, { siteExists: there.siteExists, activeKeys: there.activeKeys });
  }
  return { database, shards, shredLog, secretNames, sites: { ...sites, home } };
}

async function settle(options, config, found, mode, prompter) {
  const settler = createSettler(mode, prompter);
  const vars = await settleVariables(options, config, settler);
  const work = siteWork(found.sites, options.site['site-id']);
  const site = await settleSite(options, work, settler);
  const providerKeys = settleProviderKeys(options, vars, found.secretNames, settler, mode);
  settler.finish();
  const generate = generatedSecretNames.filter((name) => !found.secretNames.includes(name));
  const keysFile = await settleKeysFile(options, generate, mode, prompter);
  return { vars, site, siteWork: work, providerKeys, generate, keysFile, missing: settler.missing };
}

function printPlan(steps, heading) {
  print(`\n${heading}`);
  for (const [index, step] of steps.entries()) {
    for (const [at, line] of step.show.entries()) {
      print(`${at === 0 ? `${index + 1}.`.padEnd(4) : '    '}${line}`);
    }
  }
}

function printOutcome(settled, state) {
  print('\nDeployed.');
  if (state.apiKey) {
    const where = state.shard ? ` (in shard ${state.shard})` : '';
    print(
      `API key of site "${settled.site.id}"${where}, shown this once (only its SHA-256 is stored):`,
    );
    print(`  ${state.apiKey}`);
  }
  print(`The console: ${settled.vars.PUBLIC_URL}/admin (sign in with the key or a mailed link).`);
  if (settled.generate.length > 0 && !settled.keysFile) {
    print(
      'No copy of the new keys was kept: rotating MASTER_KEY later needs its value (docs/deploy.md).',
    );
  }
}

async function main() {
  const options = readOptions(process.argv.slice(2), process.env);
  if (options.help) return print(helpText);
  const mode = modeOf(options);
  const config = readWranglerConfig(options.config);
  const wrangler = createWrangler({ config, env: process.env, print });
  print(`Signet deploy, in ${config.dir} (wrangler config ${config.file})`);
  const found = survey(wrangler, config, options);
  const prompter = mode === 'ask' ? createPrompter() : null;
  try {
    const settled = await settle(options, config, found, mode, prompter);
    const { steps, state } = planDeploy({ wrangler, config, survey: found, settled, print });
    if (options.dryRun) {
      printPlan(steps, 'Dry run: these would run, in this order (nothing was changed):');
      if (settled.missing.length > 0) print(`\nStill to give: ${settled.missing.join(', ')}`);
      return;
    }
    if (mode === 'ask') {
      printPlan(steps, 'Plan:');
      if (!(await prompter.confirm('\nGo ahead?'))) {
        throw new DeployRefusal('stopped; nothing changed');
      }
      // The terminal goes back to wrangler, which may ask for a provider's key itself.
      prompter.close();
    }
    for (const step of steps) await step.run();
    printOutcome(settled, state);
  } finally {
    prompter?.close();
  }
}

main().catch((error) => {
  if (error?.code === 'ABORT_ERR') {
    process.stderr.write('\nsignet deploy: stopped at a question\n');
    process.exit(1);
  }
  if (error instanceof DeployRefusal) {
    process.stderr.write(`signet deploy: ${error.message}\n`);
    process.exit(1);
  }
  if (error instanceof WranglerError) {
    if (error.output) process.stderr.write(error.output);
    process.stderr.write(`signet deploy: ${error.message}\n`);
    process.exit(error.status || 1);
  }
  throw error;
});
