// node --test examples/shop-checkout: which address the shop records as the customer's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { customerIp, parseTrustedProxies } from './client-ip.mjs';

test('without a trusted proxy the socket is the address, whatever X-Forwarded-For claims', () => {
  const none = parseTrustedProxies(undefined);
  assert.equal(customerIp('198.51.100.7', '203.0.113.66', none), '198.51.100.7');
  assert.equal(customerIp('::ffff:198.51.100.7', undefined, none), '198.51.100.7');
  // A client talking to the shop directly from the proxy's address range is still a client.
  assert.equal(customerIp('10.0.0.2', '203.0.113.66', parseTrustedProxies('10.0.0.1')), '10.0.0.2');
});

test('behind a trusted proxy, the address that proxy saw, never what the client wrote before it', () => {
  const trusted = parseTrustedProxies('10.0.0.1, 10.0.0.2');
  // The client forged the first entry; the proxy appended the address it saw.
  assert.equal(customerIp('10.0.0.1', '203.0.113.66, 198.51.100.7', trusted), '198.51.100.7');
  // Two trusted proxies in a row are skipped.
  assert.equal(customerIp('10.0.0.2', '198.51.100.7, 10.0.0.1', trusted), '198.51.100.7');
  assert.equal(customerIp('10.0.0.1', undefined, trusted), '10.0.0.1');
});
