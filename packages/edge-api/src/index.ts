import { app } from './app.js';
import { runScheduled } from './cron.js';
import { costAnswer, costMeterOn, meteredEnv } from './dev/cost-meter.js';
import type { Env } from './env.js';

export default {
  fetch(request: Request, env: Env, ctx?: ExecutionContext) {
    if (!costMeterOn(env)) return app.fetch(request, env, ctx);
    return costAnswer(request) ?? app.fetch(request, meteredEnv(env), ctx);
  },
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(env, new Date(controller.scheduledTime)));
  },
} satisfies ExportedHandler<Env>;
