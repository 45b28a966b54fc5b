import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { HttpResponse, http } from 'msw';
import { setupWorker } from 'msw/browser';
import { demoForm, endpoint } from '../test/fixtures.js';
import type { SignetForm } from './signet-form.js';
import './signet-form.js';

// A page of its own: the browser keeps the outcome of a module fetch for the page's lifetime.
const sent: unknown[] = [];
const worker = setupWorker(
  http.get(`${endpoint}/v1/sites/demo/form`, () => HttpResponse.json(demoForm)),
  http.post(`${endpoint}/v1/consent-requests`, async ({ request }) => {
    sent.push(await request.json());
    return HttpResponse.json({ status: 'pending' }, { status: 202 });
  }),
  http.get(/\/form\/signet-form-send\.(js|ts)/, () => HttpResponse.error()),
);
before(() => worker.start({ quiet: true, onUnhandledFrame: 'bypass' }));
after(() => worker.stop());

describe('the sending code, when it cannot be fetched', () => {
  it('sends nothing, keeps what was entered, and says there is no connection', async () => {
    const el = await fixture<SignetForm>(
      html`<signet-form site="demo" endpoint=${endpoint} lang="en"></signet-form>`,
    );
    await waitUntil(() => el.shadowRoot?.querySelector('form'), 'no form', { timeout: 5000 });
    const box = el.shadowRoot?.querySelector<HTMLInputElement>('input[type=checkbox]');
    box?.click();
    const email = el.shadowRoot?.querySelector<HTMLInputElement>('input[type=email]');
    if (email) email.value = 'person@example.org';
    email?.dispatchEvent(new Event('input'));
    const failed = oneEvent(el, 'signet-error');
    el.shadowRoot?.querySelector<HTMLButtonElement>('button[type=submit]')?.click();
    expect((await failed).detail.error.code).to.equal('network');
    await el.updateComplete;
    expect(el.shadowRoot?.querySelector('#status')?.textContent).to.contain('No connection');
    expect(email?.value).to.equal('person@example.org');
    expect(box?.checked).to.equal(true);
    expect(sent).to.deep.equal([]);
  });
});
