import type { Health } from '@signet/sdk';
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';

export const healthRoutes = new Hono<AppEnv>().get('/v1/health', (c) =>
  c.json({ status: 'ok', version: '0.1.0' } satisfies Health),
);
