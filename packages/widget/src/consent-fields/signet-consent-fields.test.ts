import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { consentFromFormData } from '@signet/sdk';
import { HttpResponse, http } from 'msw';
import { setupWorker } from 'msw/browser';
import { demoForm, endpoint } from '../test/fixtures.js';
import type { SignetConsentFields } from './signet-consent-fields.js';
import './signet-consent-fields.js';

const worker = setupWorker(
  http.get(`${endpoint}/v1/sites/demo/form`, () => HttpResponse.json(demoForm)),
);
before(() => worker.start({ quiet: true, onUnhandledFrame: 'bypass' }));
after(() => worker.stop());

async function checkout() {
  const form = await fixture<HTMLFormElement>(html`<form>
    <label>Email <input name="email" type="email" required value="buyer@example.org" /></label>
    <signet-consent-fields site="demo" endpoint=${endpoint} lang="en"></signet-consent-fields>
    <button type="submit">Place order</button>
  </form>`);
  const fields = form.querySelector('signet-consent-fields') as SignetConsentFields;
  await waitUntil(() => fields.shadowRoot?.querySelector('fieldset'), 'purposes did not load');
  const boxes = [
    ...(fields.shadowRoot?.querySelectorAll<HTMLInputElement>('input[type=checkbox]') ?? []),
  ];
  return { form, fields, boxes };
}

describe('<signet-consent-fields> (checkout mode)', () => {
  it('C1: shows unticked boxes and adds nothing to the order while none is ticked', async () => {
    const { form, boxes } = await checkout();
    expect(boxes.map((box) => box.checked)).to.deep.equal([false, false]);
    expect(new FormData(form).getAll('signet-consent.purpose')).to.deep.equal([]);
  });

  it('adds the ticked purposes with their wording versions to the form data', async () => {
    const { form, fields, boxes } = await checkout();
    boxes[1]?.click();
    await fields.updateComplete;
    const data = new FormData(form);
    expect(data.getAll('signet-consent.purpose')).to.deep.equal([`prize-draw:${'b'.repeat(64)}`]);
    expect(data.get('signet-consent.locale')).to.equal('en');
    expect(consentFromFormData(data)).to.deep.equal({
      purposes: [{ id: 'prize-draw', wordingVersion: 'b'.repeat(64) }],
      locale: 'en',
    });
  });

  it('never blocks the order: the form submits with or without consent', async () => {
    const { form } = await checkout();
    expect(form.checkValidity()).to.equal(true);
    let submitted = false;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submitted = true;
    });
    form.requestSubmit();
    expect(submitted).to.equal(true);
  });

  it('is cleared when the form is reset, and accessible', async () => {
    const { form, fields, boxes } = await checkout();
    boxes[0]?.click();
    await fields.updateComplete;
    form.reset();
    await fields.updateComplete;
    expect(fields.value).to.deep.equal([]);
    expect(new FormData(form).getAll('signet-consent.purpose')).to.deep.equal([]);
    await expect(form).to.be.accessible();
  });
});
