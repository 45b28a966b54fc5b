import { app } from './app.js';
import { runScheduled } from './cron.js';
import type { Env } from './env.js';
import { costAnswer, costMeterOn, meteredEnv } from './dev/cost-meter.js';

export default {
  fetch(request, env, ctx) {
    if (!costMeterOn(env)) return app.fetch(request, env, ctx);
    return costAnswer(request) ?? app.fetch(request, meteredEnv(env), ctx);
  },
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(env, new Date(controller.scheduledTime)));
  },
} satisfies ExportedHandler<Env>;
