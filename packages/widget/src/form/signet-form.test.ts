import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { HttpResponse, http } from 'msw';
import { setupWorker } from 'msw/browser';
import { demoForm, endpoint } from '../test/fixtures.js';
import type { SignetForm } from './signet-form.js';
import './signet-form.js';

const worker = setupWorker();
before(() => worker.start({ quiet: true, onUnhandledFrame: 'bypass' }));
afterEach(() => worker.resetHandlers());
after(() => worker.stop());

function serveForm(status = 200) {
  worker.use(
    http.get(`${endpoint}/v1/sites/demo/form`, () =>
      status === 200
        ? HttpResponse.json(demoForm)
        : HttpResponse.json(
            { error: { code: 'internal', message: 'down', field: null } },
            { status },
          ),
    ),
  );
}

async function renderForm() {
  const el = await fixture<SignetForm>(
    html`<signet-form site="demo" endpoint=${endpoint} lang="en"></signet-form>`,
  );
  await waitUntil(() => el.shadowRoot?.querySelector('form'), 'form did not render');
  return el;
}

const $ = <T extends Element>(el: SignetForm, selector: string) =>
  el.shadowRoot?.querySelector<T>(selector) as T;
const boxes = (el: SignetForm) => [
  ...(el.shadowRoot?.querySelectorAll<HTMLInputElement>('input[type=checkbox]') ?? []),
];

function typeEmail(el: SignetForm, value: string) {
  const input = $<HTMLInputElement>(el, 'input[type=email]');
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

async function submit(el: SignetForm) {
  $<HTMLButtonElement>(el, 'button[type=submit]').click();
  await el.updateComplete;
}

describe('<signet-form>', () => {
  it('C1/C2: renders one unticked box per purpose, each with its own wording and details', async () => {
    serveForm();
    const el = await renderForm();
    const inputs = boxes(el);
    expect(inputs.map((box) => box.value)).to.deep.equal(['newsletter', 'prize-draw']);
    expect(inputs.every((box) => !box.checked)).to.equal(true);
    expect(inputs.every((box) => !box.hasAttribute('checked'))).to.equal(true);
    const label = $<HTMLLabelElement>(el, 'label[for=purpose-newsletter]');
    expect(label.textContent).to.equal('Send me the newsletter');
    const details = $<HTMLElement>(el, '#purpose-newsletter-details');
    expect(inputs[0]?.getAttribute('aria-describedby')).to.equal('purpose-newsletter-details');
    for (const text of [
      'Your email address',
      'Monthly news',
      'Until you withdraw',
      'Any time via',
    ]) {
      expect(details.textContent).to.contain(text);
    }
    expect($<HTMLAnchorElement>(el, 'a').href).to.equal('https://demo.test/privacy');
    expect(el.shadowRoot?.textContent).to.contain('Demo Shop GmbH');
  });

  it('shows a loading state that reserves space before the config arrives', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    worker.use(
      http.get(`${endpoint}/v1/sites/demo/form`, async () => {
        await gate;
        return HttpResponse.json(demoForm);
      }),
    );
    const el = await fixture<SignetForm>(
      html`<signet-form site="demo" endpoint=${endpoint} lang="en"></signet-form>`,
    );
    const reserve = $<HTMLElement>(el, '.reserve');
    expect(reserve.getAttribute('aria-busy')).to.equal('true');
    expect(reserve.getBoundingClientRect().height).to.be.greaterThan(100);
    expect(reserve.textContent).to.contain('Loading');
    release();
    await waitUntil(() => el.shadowRoot?.querySelector('form'));
  });

  it('sends only the ticked purposes with their wording versions and shows "check your inbox"', async () => {
    serveForm();
    let sent: Record<string, unknown> | undefined;
    worker.use(
      http.post(`${endpoint}/v1/consent-requests`, async ({ request }) => {
        sent = (await request.json()) as Record<string, unknown>;
        return HttpResponse.json({ status: 'pending' }, { status: 202 });
      }),
    );
    const el = await renderForm();
    boxes(el)[1]?.click();
    typeEmail(el, 'person@example.org');
    const pending = oneEvent(el, 'signet-pending');
    await submit(el);
    expect((await pending).detail).to.deep.equal({ purposes: ['prize-draw'] });
    expect(sent).to.deep.include({
      site: 'demo',
      email: 'person@example.org',
      locale: 'en',
      purposes: [{ id: 'prize-draw', wordingVersion: 'b'.repeat(64) }],
    });
    await el.updateComplete;
    const status = $<HTMLElement>(el, '.status');
    expect(status.textContent).to.contain('Please check your inbox');
    expect(status.textContent).to.contain('person@example.org');
    expect(el.shadowRoot?.activeElement).to.equal(status);
  });

  it('refuses to submit with no purpose ticked, and says why', async () => {
    serveForm();
    const el = await renderForm();
    typeEmail(el, 'person@example.org');
    await submit(el);
    expect($<HTMLElement>(el, '#status').textContent).to.contain(
      'Please choose at least one item.',
    );
    expect(boxes(el).every((box) => !box.checked)).to.equal(true);
  });

  it('keeps what was typed and ticked when the API fails, and reports the error', async () => {
    serveForm();
    worker.use(
      http.post(`${endpoint}/v1/consent-requests`, () =>
        HttpResponse.json(
          { error: { code: 'internal', message: 'boom', field: null } },
          { status: 500 },
        ),
      ),
    );
    const el = await renderForm();
    boxes(el)[0]?.click();
    typeEmail(el, 'keep@example.org');
    const failed = oneEvent(el, 'signet-error');
    await submit(el);
    expect((await failed).detail.error.code).to.equal('internal');
    await el.updateComplete;
    expect($<HTMLInputElement>(el, 'input[type=email]').value).to.equal('keep@example.org');
    expect(boxes(el).map((box) => box.checked)).to.deep.equal([true, false]);
    expect($<HTMLElement>(el, '#status').textContent).to.contain('What you entered is still here');
  });

  it('marks an invalid email and ties the message to the field', async () => {
    serveForm();
    const el = await renderForm();
    boxes(el)[0]?.click();
    typeEmail(el, 'not-an-email');
    await submit(el);
    const input = $<HTMLInputElement>(el, 'input[type=email]');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.getAttribute('aria-describedby')).to.contain('status');
    expect($<HTMLElement>(el, '#status').textContent).to.contain('valid email address');
  });

  it('shows a retry when the config cannot be loaded, and recovers', async () => {
    serveForm(503);
    const el = await fixture<SignetForm>(
      html`<signet-form site="demo" endpoint=${endpoint} lang="en"></signet-form>`,
    );
    await waitUntil(() => el.shadowRoot?.querySelector('[role=alert]'));
    expect(el.shadowRoot?.textContent).to.contain('The form could not be loaded.');
    serveForm();
    $<HTMLButtonElement>(el, 'button').click();
    await waitUntil(() => el.shadowRoot?.querySelector('form'), 'no form after retry');
  });

  it('speaks German when the lang attribute says so', async () => {
    worker.use(
      http.get(`${endpoint}/v1/sites/demo/form`, ({ request }) => {
        const locale = new URL(request.url).searchParams.get('locale');
        return HttpResponse.json({ ...demoForm, locale });
      }),
    );
    const el = await fixture<SignetForm>(
      html`<signet-form site="demo" endpoint=${endpoint} lang="de"></signet-form>`,
    );
    await waitUntil(() => el.shadowRoot?.querySelector('form'));
    expect($<HTMLElement>(el, 'legend').textContent).to.equal('Ihre Einwilligungen');
  });
});
