// `npm run example:shop`: Signet's API (as `npm start` runs it) and the shop beside it.
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const signetPort = process.env.SIGNET_PORT ?? '8787';
const shopPort = process.env.SHOP_PORT ?? '8788';

const children = [
  spawn(
    process.execPath,
    [join(repo, 'packages/edge-api/scripts/start.mjs'), '--port', signetPort],
    {
      stdio: 'inherit',
    },
  ),
  spawn(process.execPath, [join(here, 'main.mjs')], {
    stdio: 'inherit',
    env: { ...process.env, SHOP_PORT: shopPort, SIGNET_URL: `http://127.0.0.1:${signetPort}` },
  }),
];
const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) {
  child.on('exit', (code) => {
    if (code) process.exitCode = code;
    stop();
  });
}
