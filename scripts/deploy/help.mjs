export const helpText = `npm run deploy -- [options]

Deploys Signet to Cloudflare with its data in the EU (docs/deploy.md). Safe to run again: what
is done already (database, namespace, secrets, site) is left as it is.

In order: the D1 database (created with --jurisdiction eu, or checked to be in the EU: any other
is refused), the shred log's KV namespace (the same), their ids and the variables below written
into wrangler.jsonc, the migrations, the secrets not set yet (SIGNING_KEY, INDEX_KEY,
MASTER_KEY, LINK_KEY and RECORD_KEY made on this machine, the mail and SMS providers' keys), the first site with its API
key (shown once), then \`wrangler deploy\`.

Each option can also come from its variable, e.g. --site-id from SIGNET_SITE_ID.

  --dry-run                Print every command in order; run only those that change nothing
  -y, --yes                Ask nothing (for scripts and CI): missing inputs are an error
  --config PATH            The wrangler config (packages/edge-api/wrangler.jsonc)
  --keys-file PATH         Keep a copy of the keys made here (mode 600, never overwritten)
  --shards N               D1 databases for the sites (default: as many as wrangler.jsonc has,
                           at first 1). Above 1: <name>-shard-1 … and <name>-directory, each in
                           the EU, added to wrangler.jsonc and migrated; shards are only added.
                           A new site goes to the shard with the fewest sites; its key names it

The worker (wrangler.jsonc vars; taken from there when set):
  --public-url URL         The API's origin, e.g. https://consent.example (PUBLIC_URL)
  --mail-transport T       http (Brevo's API or another) or email-service (Cloudflare)
  --mail-from FROM         Sender, "Name <address>" (MAIL_FROM)
  --mail-api-url URL       The HTTP mail API (default Brevo's)
  --sms-transport http     Offer SMS and phone purposes (seven.io's API or another)
  --sms-api-url URL, --sms-from NAME
  The providers' keys come from SIGNET_MAIL_API_KEY and SIGNET_SMS_API_KEY (never a flag), or
  wrangler asks for them.

The first site (created when there is none, or when --site-id names a new one):
  --site-id ID, --site-name NAME, --origin URL, --owner-email ADDRESS, --privacy-url URL
  --controller TEXT        The controller, name and address (default: the site name)
  --controller-contact A   The privacy contact (default: the owner's address)
  --locales de,en          Languages, the default first (de, en, fr)

wrangler must be logged in (\`npx wrangler login\`, or CLOUDFLARE_API_TOKEN and
CLOUDFLARE_ACCOUNT_ID). SIGNET_WRANGLER runs another wrangler executable instead of the
project's.
`;
