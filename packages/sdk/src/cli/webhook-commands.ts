import type { Result } from '../contract/errors.js';
import {
  type WebhookDelivery,
  WebhookEndpointInputSchema,
  WebhookEndpointPatchSchema,
  webhookEventTypes,
} from '../contract/webhooks.js';
import type { WebhooksAdmin } from '../server/webhooks-admin.js';
import { checked, everything, need, UsageError } from './admin-commands.js';

const eventsOf = (text: string) => text.split(',').map((event) => event.trim());

/** `signet webhooks …`: the site's endpoints from a terminal. */
export async function webhookCommand(
  words: string[],
  flags: Record<string, string>,
  switches: Set<string>,
  webhooks: WebhooksAdmin,
): Promise<Result<unknown>> {
  const [, sub, first, second] = words;
  switch (sub) {
    case 'list':
      return webhooks.list();
    case 'create': {
      const input = {
        url: need(first, 'URL'),
        events: eventsOf(need(flags.events, '--events')),
        ...(flags.description ? { description: flags.description } : {}),
      };
      return webhooks.create(checked(WebhookEndpointInputSchema, input, 'endpoint'));
    }
    case 'update': {
      const patch = {
        ...(flags.url ? { url: flags.url } : {}),
        ...(flags.events ? { events: eventsOf(flags.events) } : {}),
        ...(flags.description !== undefined ? { description: flags.description || null } : {}),
      };
      const id = need(first, 'ID');
      return webhooks.update(id, checked(WebhookEndpointPatchSchema, patch, 'change'));
    }
    case 'remove':
      return webhooks.remove(need(first, 'ID'));
    case 'rotate-secret':
      return webhooks.rotateSecret(need(first, 'ID'));
    case 'test':
      return testEvents(webhooks, need(first, 'ID'), flags.type);
    case 'deliveries': {
      const id = need(first, 'ID');
      const params = {
        ...(flags.limit ? { limit: Number(flags.limit) } : {}),
        ...(flags.before ? { before: flags.before } : {}),
      };
      if (!switches.has('all')) return webhooks.deliveries(id, params);
      // The shape of one page, as if it were the last: a script reads both alike.
      const all = await everything(webhooks.allDeliveries(id, params));
      return all.ok ? { ok: true, value: { deliveries: all.value, next: null } } : all;
    }
    case 'redeliver':
      return webhooks.redeliver(need(first, 'ID'), need(second, 'DELIVERY'));
    default:
      throw new UsageError(`unknown command "${words.join(' ')}"`);
  }
}

/** One test event of `type`, or one of each type; stops at the first refusal. */
async function testEvents(webhooks: WebhooksAdmin, id: string, type: string | undefined) {
  const known = webhookEventTypes as readonly string[];
  if (type !== undefined && !known.includes(type)) {
    throw new UsageError(`--type is one of ${webhookEventTypes.join(', ')}`);
  }
  const types =
    type === undefined ? webhookEventTypes : [type as (typeof webhookEventTypes)[number]];
  const deliveries: WebhookDelivery[] = [];
  for (const each of types) {
    const sent = await webhooks.test(id, each);
    if (!sent.ok) return sent;
    deliveries.push(sent.value);
  }
  return { ok: true as const, value: { deliveries } };
}
