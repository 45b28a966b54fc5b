import { expect, test as setup } from '@playwright/test';
import { auth } from './exhibit-helpers.js';

// Every spec's requests come from 127.0.0.1: the demo site's limit of 30 consent requests per
// client and hour (S6) would refuse the later specs' people. Only the abuse tests of the API meet
// the limit; here it is lifted once, for the whole run, as the API tests' setup does.
setup('the demo site takes every spec’s requests from one client', async ({ request }) => {
  const patched = await request.patch('/v1/admin/site', {
    headers: auth,
    data: { clientLimitPerHour: 10000 },
  });
  expect(patched.status()).toBe(200);
});
