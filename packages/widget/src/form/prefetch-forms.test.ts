import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import { HttpResponse, http } from 'msw';
import { setupWorker } from 'msw/browser';
import { prefetchForm } from '../controllers/form-config.js';
import { demoForm, endpoint } from '../test/fixtures.js';
import { SignetForm } from './signet-form.js';

let asked = 0;
const worker = setupWorker(
  http.get(`${endpoint}/v1/sites/demo/form`, () => {
    asked += 1;
    return HttpResponse.json(demoForm);
  }),
);
before(() => worker.start({ quiet: true, onUnhandledFrame: 'bypass' }));
after(() => worker.stop());
afterEach(() => {
  asked = 0;
  fixtureCleanup();
});

/** An element of the page as signet.js finds it, before its class is defined. */
function undefinedForm(tag: string) {
  const element = document.createElement(tag);
  element.setAttribute('site', 'demo');
  element.setAttribute('endpoint', endpoint);
  element.lang = 'en';
  return element;
}

describe('signet.js asking for the configuration first', () => {
  it('lets the element take the answer to the request made before it was defined', async () => {
    prefetchForm(undefinedForm('signet-form'));
    const el = await fixture<SignetForm>(
      html`<signet-form site="demo" endpoint=${endpoint} lang="en"></signet-form>`,
    );
    await waitUntil(() => el.shadowRoot?.querySelector('form'), 'no form');
    expect(asked).to.equal(1);
    // A later load (a retry, new wording) asks again.
    await el.load();
    expect(asked).to.equal(2);
  });

  it("takes the answer to the embed snippet's preload hint instead of asking again", async () => {
    const hint = document.createElement('link');
    hint.rel = 'preload';
    hint.as = 'fetch';
    hint.crossOrigin = 'anonymous';
    hint.href = `${endpoint}/v1/sites/demo/form?locale=en`;
    const preloaded = new Promise((resolve, reject) => {
      hint.onload = resolve;
      hint.onerror = reject;
    });
    document.head.append(hint);
    await preloaded;
    const el = await fixture<SignetForm>(
      html`<signet-form site="demo" endpoint=${endpoint} lang="en"></signet-form>`,
    );
    await waitUntil(() => el.shadowRoot?.querySelector('form'), 'no form');
    expect(asked).to.equal(1);
    hint.remove();
  });

  it('keeps what a page set on the element before it was defined', async () => {
    const early = undefinedForm('signet-form-early') as SignetForm;
    early.strings = { legend: 'Your choices' };
    early.setAttribute('heading-level', '3');
    document.body.append(early);
    customElements.define('signet-form-early', class extends SignetForm {});
    await waitUntil(() => early.shadowRoot?.querySelector('form'), 'no form');
    expect(early.shadowRoot?.querySelector('legend')?.textContent).to.equal('Your choices');
    expect(early.headingLevel).to.equal(3);
    early.remove();
  });
});
