// A4/S6: where a webhook may go, judged on the URL as workerd's URL standard parser reads it.
import { describe, expect, it } from 'vitest';
import { acceptedWebhookUrls, refusedWebhookUrls } from '../../test/webhook-addresses.js';
import { webhookAddressProblem } from './webhook-address.js';

describe('webhook addresses outside development', () => {
  it.each(refusedWebhookUrls)('refuses %s', (url, reason) => {
    expect(webhookAddressProblem(url, 'production')).toMatch(reason);
  });

  it.each(acceptedWebhookUrls)('accepts %s', (url) => {
    expect(webhookAddressProblem(url, 'production')).toBeNull();
  });
});

describe('webhook addresses in development', () => {
  it.each([
    'http://localhost:8787/webhooks/signet',
    'http://127.0.0.1:9000/webhooks/signet',
    'http://[::1]:3000/webhooks/signet',
    'https://hooks.shop.example:8080/signet',
  ])('accepts this machine over http and any port: %s', (url) => {
    expect(webhookAddressProblem(url, 'development')).toBeNull();
  });

  it.each([
    ['http://hooks.shop.example/signet', /must use https/],
    ['http://10.0.0.1:8080/signet', /must use https/],
    ['https://192.168.1.1:8080/signet', /a private address/],
    ['https://printer.local/signet', /a local name/],
    ['http://user:secret@127.0.0.1:9000/signet', /user name or password/],
  ])('still refuses %s', (url, reason) => {
    expect(webhookAddressProblem(url, 'development')).toMatch(reason);
  });
});
