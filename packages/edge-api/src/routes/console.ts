import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { consolePage } from '../pages/console-page.js';

/** The site owner's console; it signs in and works through the admin API like any client. */
export const consoleRoutes = new Hono<AppEnv>().get('/admin', (c) => consolePage(c));
