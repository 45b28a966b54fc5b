import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { HttpResponse, http } from 'msw';
import { setupWorker } from 'msw/browser';
import type { SignetForm } from '../form/signet-form.js';
import { demoForm, endpoint } from '../test/fixtures.js';
import '../form/signet-form.js';

// A page of its own: the browser keeps the outcome of a module fetch for the page's lifetime.
const worker = setupWorker(
  http.get(`${endpoint}/v1/sites/demo/form`, () =>
    HttpResponse.json({ ...demoForm, locale: 'fr' }),
  ),
  http.get(/\/i18n\/locales\/fr\.(js|ts)/, () => HttpResponse.error()),
);
before(() => worker.start({ quiet: true, onUnhandledFrame: 'bypass' }));
after(() => worker.stop());

describe('a language chunk that cannot be fetched', () => {
  it('leaves a working form in English instead of no form', async () => {
    const el = await fixture<SignetForm>(
      html`<signet-form site="demo" endpoint=${endpoint} lang="fr"></signet-form>`,
    );
    await waitUntil(() => el.shadowRoot?.querySelector('form'), 'no form', { timeout: 5000 });
    expect(el.shadowRoot?.querySelector('legend')?.textContent).to.equal('Your consents');
    expect(el.shadowRoot?.querySelectorAll('input[type=checkbox]')).to.have.length(2);
  });
});
