// A DevTools protocol session with the worker's isolate through the inspector port of `wrangler
// dev`, over the `ws` package wrangler brings: its inspector proxy accepts a connection only with
// an Origin, which Node's own WebSocket does not send.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { paths } from './paths.mjs';

export async function inspectWorker(inspectorPort) {
  const targets = await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json();
  const target = targets.find((entry) => entry.webSocketDebuggerUrl) ?? targets[0];
  const WebSocket = createRequire(join(paths.repo, 'package.json'))('ws');
  const socket = new WebSocket(target.webSocketDebuggerUrl, { origin: 'http://127.0.0.1' });
  await new Promise((done, fail) => {
    socket.once('open', done);
    socket.once('error', fail);
  });
  let next = 0;
  const waiting = new Map();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    const handler = waiting.get(message.id);
    if (!handler) return;
    waiting.delete(message.id);
    if (message.error) handler.fail(new Error(message.error.message));
    else handler.done(message.result);
  });
  // A method the isolate does not answer (workerd leaves some unanswered) must fail the run, not
  // hang it.
  const send = (method, params = {}) => {
    const id = ++next;
    socket.send(JSON.stringify({ id, method, params }));
    return new Promise((done, fail) => {
      const timer = setTimeout(() => {
        waiting.delete(id);
        fail(new Error(`the worker's inspector did not answer ${method} within 120 s`));
      }, 120_000);
      const settle = (then) => (value) => {
        clearTimeout(timer);
        then(value);
      };
      waiting.set(id, { done: settle(done), fail: settle(fail) });
    });
  };
  return {
    send,
    /** The isolate's JS heap in MiB: `usedMiB` what is on it (garbage included), `totalMiB` reserved. */
    async heap() {
      const { usedSize, totalSize } = await send('Runtime.getHeapUsage');
      return { usedMiB: usedSize / 2 ** 20, totalMiB: totalSize / 2 ** 20 };
    },
    /**
     * What the isolate keeps, in MiB: the heap after the full collection a heap snapshot starts
     * with (workerd does not answer `HeapProfiler.collectGarbage`). The snapshot's chunks are
     * dropped; it stops the isolate for seconds, so only outside a measured stretch.
     */
    async retainedMiB() {
      await send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      return (await this.heap()).usedMiB;
    },
    close: () => socket.close(),
  };
}
