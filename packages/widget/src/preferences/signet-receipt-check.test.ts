import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { HttpResponse, http } from 'msw';
import { setupWorker } from 'msw/browser';
import { endpoint } from '../test/fixtures.js';
import type { SignetReceiptCheck } from './signet-receipt-check.js';
import './signet-receipt-check.js';

// Saved from the done page of the real worker (e2e/receipt.spec.ts with SIGNET_SAVE_RECEIPT):
// signed by the worker's WebCrypto Ed25519, checked here by Chromium's.
const made = '/packages/sdk/src/records/fixtures/receipt.json';

const worker = setupWorker();
before(() => worker.start({ quiet: true, onUnhandledFrame: 'bypass' }));
afterEach(() => worker.resetHandlers());
after(() => worker.stop());

async function receiptText() {
  return (await fetch(made)).text();
}

function publish(keys: unknown[]) {
  worker.use(http.get(`${endpoint}/.well-known/jwks.json`, () => HttpResponse.json({ keys })));
}

async function check(el: SignetReceiptCheck, content: string) {
  const input = el.shadowRoot?.querySelector('input[type=file]') as HTMLInputElement;
  const files = new DataTransfer();
  files.items.add(new File([content], 'receipt.json', { type: 'application/json' }));
  input.files = files.files;
  input.dispatchEvent(new Event('change'));
  // The element says "Checking" at once, so a verdict seen after this is the new one.
  await el.updateComplete;
  const status = () => el.shadowRoot?.querySelector('[role=status]')?.textContent ?? '';
  await waitUntil(() => /Valid|Invalid|Gültig|Ungültig/.test(status()), 'no verdict', {
    timeout: 5000,
  });
  return status();
}

const checker = (lang = 'en') =>
  fixture<SignetReceiptCheck>(
    html`<signet-receipt-check endpoint=${endpoint} lang=${lang}></signet-receipt-check>`,
  );

describe('<signet-receipt-check>', () => {
  it('P6: says valid for a receipt made by the worker, and that its key is the published one', async () => {
    const text = await receiptText();
    publish(JSON.parse(text).proof.keys);
    const el = await checker();
    const verdict = await check(el, text);
    expect(verdict).to.contain('Valid: the receipt for');
    expect(verdict).to.contain('Demo Shop GmbH');
    expect(verdict).to.contain('The key inside is the published one.');
    await expect(el).to.be.accessible();
  });

  it('P6: says invalid after one changed character, and for a file that is no receipt', async () => {
    const text = await receiptText();
    publish(JSON.parse(text).proof.keys);
    const el = await checker();
    const changed = text.replace('"newsletter"', '"newsletteR"');
    expect(changed).not.to.equal(text);
    expect(await check(el, changed)).to.contain('Invalid: this receipt was changed');
    expect(await check(el, 'not json')).to.contain('Invalid: this file is not a receipt');
    await expect(el).to.be.accessible();
  });

  it('P6: says invalid when the key inside is not the published one', async () => {
    const text = await receiptText();
    const [key] = JSON.parse(text).proof.keys;
    publish([{ ...key, x: 'A'.repeat(43) }]);
    expect(await check(await checker(), text)).to.contain('is not the published one');
  });

  it('P6: speaks the page language', async () => {
    const text = await receiptText();
    publish(JSON.parse(text).proof.keys);
    expect(await check(await checker('de'), text)).to.contain('Gültig');
  });
});
