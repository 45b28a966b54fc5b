import {
  type ConsentWebhookEvent,
  genesisHash,
  type LogIntegrityWebhookEvent,
  recordEventOfConsentEvent,
  type UnhonouredWebhookEvent,
  type WebhookEvent,
} from '@signet/sdk';
import type { WebhookDeliveryRow } from '../store/webhook-deliveries.js';

const testPrefix = 'evt_test_';

export const testDeliveryId = (random: string, endpointId: string) =>
  `${testPrefix}${random}.${endpointId}`;

export const isTestDelivery = (delivery: WebhookDeliveryRow) => delivery.id.startsWith(testPrefix);

const zeros = '0'.repeat(64);

/**
 * A test event of the delivery's type: `test: true`, made-up ids, and a record of the right shape
 * whose signature is no signature (kid `test`), so that no receiver can take it for evidence.
 */
export function testEventOf(delivery: WebhookDeliveryRow): WebhookEvent {
  const at = delivery.created_at;
  const site = delivery.site_id;
  if (delivery.type === 'log.integrity') {
    const event: LogIntegrityWebhookEvent = {
      id: delivery.id,
      type: 'log.integrity',
      timestamp: at,
      test: true,
      data: {
        site,
        record: 'rec_test',
        reason: 'mismatch',
        event: 'confirmed',
        subject: 'sub_test',
        purpose: 'test',
        request: null,
        at,
        quarantinedAt: at,
      },
    };
    return event;
  }
  const record = testRecordOf(
    site,
    at,
    delivery.type === 'consent.unhonoured'
      ? 'withdrawn'
      : recordEventOfConsentEvent[delivery.type as ConsentWebhookEvent['type']],
  );
  if (delivery.type === 'consent.unhonoured') {
    const event: UnhonouredWebhookEvent = {
      id: delivery.id,
      type: 'consent.unhonoured',
      timestamp: at,
      test: true,
      data: {
        site,
        subject: 'sub_test',
        purpose: 'test',
        request: null,
        system: 'test-system',
        record,
      },
    };
    return event;
  }
  const event: ConsentWebhookEvent = {
    id: delivery.id,
    type: delivery.type as ConsentWebhookEvent['type'],
    timestamp: at,
    test: true,
    data: {
      site,
      subject: 'sub_test',
      purpose: 'test',
      request: null,
      reference: 'order-test',
      record,
    },
  };
  return event;
}

/** A record of the right shape whose signature is no signature (kid `test`). */
function testRecordOf(
  site: string,
  at: string,
  event: (typeof recordEventOfConsentEvent)[keyof typeof recordEventOfConsentEvent],
): ConsentWebhookEvent['data']['record'] {
  return {
    record: {
      v: 1,
      id: 'rec_test',
      site,
      seq: 1,
      prev: genesisHash,
      subject: 'sub_test',
      contact: { email: zeros, phone: null },
      purpose: 'test',
      wording: { version: zeros, sha256: zeros },
      event,
      at,
      source: { pageUrl: null, form: null },
      evidence: { ip: null, userAgent: null },
      request: null,
    },
    hash: zeros,
    kid: 'test',
    sig: 'test',
  };
}
