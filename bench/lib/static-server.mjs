// The pages the widget benchmark loads, on 127.0.0.1: one template for every tool, each tool's
// files from its own package, and for Signet the form configuration recorded from the real
// API at the start of the run (so the API's speed under `wrangler dev` does not enter the
// widget's figures). Compressed with gzip -9 when the browser asks for it, as a CDN would.
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
};

/**
 * `pages`: path → HTML; `mounts`: URL prefix → folder; `json`: path (without query) → body.
 * Returns the server, listening.
 */
export async function startStatic({ port, pages, mounts, json }) {
  const cache = new Map();
  const compressed = (key, bytes) => {
    if (!cache.has(key)) cache.set(key, gzipSync(bytes, { level: 9 }));
    return cache.get(key);
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    let body = null;
    let type = 'application/octet-stream';
    if (pages[url.pathname]) {
      body = Buffer.from(pages[url.pathname]);
      type = types['.html'];
    } else if (json[url.pathname]) {
      body = Buffer.from(json[url.pathname]);
      type = types['.json'];
    } else {
      for (const [prefix, folder] of Object.entries(mounts)) {
        if (!url.pathname.startsWith(prefix)) continue;
        const file = normalize(join(folder, decodeURIComponent(url.pathname.slice(prefix.length))));
        if (!file.startsWith(folder)) break;
        try {
          if (statSync(file).isFile()) {
            body = readFileSync(file);
            type = types[extname(file)] ?? type;
          }
        } catch {
          // not there
        }
        break;
      }
    }
    if (body === null) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const headers = { 'content-type': type, 'cache-control': 'no-cache' };
    if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
      body = compressed(url.pathname, body);
      headers['content-encoding'] = 'gzip';
      headers.vary = 'accept-encoding';
    }
    headers['content-length'] = body.length;
    response.writeHead(200, headers).end(body);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return server;
}
