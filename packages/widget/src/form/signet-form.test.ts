import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import { HttpResponse, http } from 'msw';
import { setupWorker } from 'msw/browser';
import { FormConfigController } from '../controllers/form-config.js';
import { driverCan, itNeeds } from '../test/engines.js';
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

/** Serves the form config only once the returned function is called: the loading state. */
function serveFormWhenReleased() {
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
  return () => release();
}

/** Accepts every consent request with 202 and keeps the last body sent. */
function acceptRequests() {
  const sent: { body?: Record<string, unknown> } = {};
  worker.use(
    http.post(`${endpoint}/v1/consent-requests`, async ({ request }) => {
      sent.body = (await request.json()) as Record<string, unknown>;
      return HttpResponse.json({ status: 'pending' }, { status: 202 });
    }),
  );
  return sent;
}

/**
 * Runs `make` with the time a load may take before the loading state shows set to `ms`: the
 * element reads it when its load starts, so it is put back at once.
 */
async function withLoadingDelay<T>(ms: number, make: () => Promise<T>) {
  const usual = FormConfigController.loadingDelayMs;
  FormConfigController.loadingDelayMs = ms;
  try {
    return await make();
  } finally {
    FormConfigController.loadingDelayMs = usual;
  }
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
    expect(inputs[0]?.getAttribute('aria-describedby')).to.equal('purpose-newsletter-why');
    expect($<HTMLElement>(el, '#purpose-newsletter-why').textContent).to.equal('Monthly news');
    const details = el.shadowRoot?.querySelectorAll('details')[0] as HTMLDetailsElement;
    expect(details.open).to.equal(false);
    for (const text of [
      'Your email address',
      'Monthly news',
      'Until you withdraw',
      'Demo Shop GmbH (privacy@demo.test)',
      'Any time via',
    ]) {
      expect(details.textContent).to.contain(text);
    }
    expect(details.querySelector('a')?.href).to.equal('https://demo.test/privacy');
  });

  it('shows a loading state that reserves space when the config is slow to arrive', async () => {
    const release = serveFormWhenReleased();
    const el = await withLoadingDelay(0, () =>
      fixture<SignetForm>(
        html`<signet-form site="demo" endpoint=${endpoint} lang="en"></signet-form>`,
      ),
    );
    await waitUntil(() => el.shadowRoot?.querySelector('.reserve'), 'no loading state');
    const reserve = $<HTMLElement>(el, '.reserve');
    expect(reserve.getAttribute('aria-busy')).to.equal('true');
    expect(reserve.getBoundingClientRect().height).to.be.greaterThan(100);
    expect(reserve.textContent).to.contain('Loading');
    release();
    await waitUntil(() => el.shadowRoot?.querySelector('form'));
  });

  it('renders the form once, with no loading state before it, when the config comes in time', async () => {
    const release = serveFormWhenReleased();
    const el = await withLoadingDelay(60_000, () =>
      fixture<SignetForm>(
        html`<signet-form site="demo" endpoint=${endpoint} lang="en"></signet-form>`,
      ),
    );
    const shown: string[] = [];
    const watch = new MutationObserver(() => {
      shown.push(el.shadowRoot?.firstElementChild?.localName ?? 'nothing');
    });
    watch.observe(el.shadowRoot as ShadowRoot, { childList: true });
    shown.push(el.shadowRoot?.firstElementChild?.localName ?? 'nothing');
    release();
    await waitUntil(() => el.shadowRoot?.querySelector('form'), 'no form');
    watch.disconnect();
    expect(shown).to.deep.equal(['nothing', 'form']);
  });

  it('sends only the ticked purposes with their wording versions and shows "check your inbox"', async () => {
    serveForm();
    const sent = acceptRequests();
    const el = await renderForm();
    boxes(el)[1]?.click();
    typeEmail(el, 'person@example.org');
    const submitted = oneEvent(el, 'signet-submit');
    const pending = oneEvent(el, 'signet-pending');
    await submit(el);
    const submitEvent = await submitted;
    expect(submitEvent.detail).to.deep.equal({ purposes: ['prize-draw'] });
    expect([submitEvent.bubbles, submitEvent.composed]).to.deep.equal([true, true]);
    expect((await pending).detail).to.deep.equal({ purposes: ['prize-draw'] });
    expect(sent.body).to.deep.include({
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

  it("ties the API's verdict on an address the browser let through to the email field", async () => {
    serveForm();
    worker.use(
      http.post(`${endpoint}/v1/consent-requests`, () =>
        HttpResponse.json(
          {
            error: {
              code: 'invalid_input',
              message: 'is not a valid email address',
              field: 'email',
            },
          },
          { status: 422 },
        ),
      ),
    );
    const el = await renderForm();
    boxes(el)[0]?.click();
    typeEmail(el, 'person@localhost');
    await submit(el);
    const input = $<HTMLInputElement>(el, 'input[type=email]');
    await waitUntil(() => input.getAttribute('aria-invalid') === 'true', 'email not marked');
    expect(input.getAttribute('aria-describedby')).to.contain('status');
    expect($<HTMLElement>(el, '#status').textContent).to.contain('valid email address');
    expect(input.value).to.equal('person@localhost');
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

  it("shows the newer site's form when the site changes while the first is still loading", async () => {
    const release = serveFormWhenReleased();
    worker.use(
      http.get(`${endpoint}/v1/sites/other/form`, () =>
        HttpResponse.json({ ...demoForm, site: 'other', siteName: 'Other Shop', purposes: [] }),
      ),
    );
    const el = await fixture<SignetForm>(
      html`<signet-form site="demo" endpoint=${endpoint} lang="en"></signet-form>`,
    );
    el.site = 'other';
    await waitUntil(() => el.shadowRoot?.querySelector('form'), 'other site did not render');
    release();
    // The late answer for "demo" must not replace the form of "other".
    await new Promise((resolve) => setTimeout(resolve, 100));
    await el.updateComplete;
    expect(boxes(el)).to.have.length(0);
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

const smsForm = {
  ...demoForm,
  purposes: [
    ...demoForm.purposes,
    {
      id: 'sms-offers',
      channel: 'sms' as const,
      wordingVersion: 'c'.repeat(64),
      wording: {
        locale: 'en' as const,
        label: 'Send me offers by SMS',
        processed: 'Your mobile number',
        purpose: 'Offers by SMS',
        retention: 'Until you withdraw',
        withdrawal: 'Reply STOP',
      },
    },
  ],
};

describe('<signet-form> contact fields (C3)', () => {
  it('C3: asks for a phone number only once an SMS purpose is ticked, and sends it as E.164', async () => {
    worker.use(http.get(`${endpoint}/v1/sites/demo/form`, () => HttpResponse.json(smsForm)));
    const sent = acceptRequests();
    const el = await renderForm();
    expect(el.shadowRoot?.querySelector('input[type=tel]')).to.equal(null);
    boxes(el)[0]?.click();
    await el.updateComplete;
    expect(el.shadowRoot?.querySelector('input[type=tel]')).to.equal(null);
    boxes(el)[2]?.click();
    await el.updateComplete;
    const tel = $<HTMLInputElement>(el, 'input[type=tel]');
    expect(tel).to.not.equal(null);
    typeEmail(el, 'sms@example.org');
    tel.value = '0151 2345 678';
    tel.dispatchEvent(new Event('input'));
    await submit(el);
    await waitUntil(() => sent.body);
    expect(sent.body?.phone).to.equal('+491512345678');
    expect(sent.body?.form).to.equal('signet-form');
    // Unticking the SMS purpose removes the field and sends no number.
  });

  it('C3: refuses a phone number that cannot be a mobile number, tied to its field', async () => {
    worker.use(http.get(`${endpoint}/v1/sites/demo/form`, () => HttpResponse.json(smsForm)));
    const el = await renderForm();
    boxes(el)[2]?.click();
    await el.updateComplete;
    typeEmail(el, 'sms@example.org');
    const tel = $<HTMLInputElement>(el, 'input[type=tel]');
    tel.value = '12';
    tel.dispatchEvent(new Event('input'));
    await submit(el);
    expect(tel.getAttribute('aria-invalid')).to.equal('true');
    expect($<HTMLElement>(el, '#status').textContent).to.contain('valid mobile number');
  });
});

describe('<signet-form> pending state', () => {
  it('offers to send again only after the cooldown', async () => {
    serveForm();
    const bodies: unknown[] = [];
    worker.use(
      http.post(`${endpoint}/v1/consent-requests`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json({ status: 'pending' }, { status: 202 });
      }),
    );
    const el = await renderForm();
    el.resendAfter = 1;
    boxes(el)[0]?.click();
    typeEmail(el, 'again@example.org');
    await submit(el);
    await waitUntil(() => el.shadowRoot?.querySelector('.status [role=heading]'));
    const resend = () => $<HTMLButtonElement>(el, '.pending button');
    expect(resend().disabled).to.equal(true);
    expect(resend().textContent).to.contain('Send again (in 1 s)');
    await waitUntil(() => !resend().disabled, 'cooldown did not end', { timeout: 3000 });
    resend().click();
    await waitUntil(() => bodies.length === 2);
    expect(bodies[1]).to.deep.equal(bodies[0]);
  });

  it('lets the host page override any text', async () => {
    serveForm();
    const el = await fixture<SignetForm>(
      html`<signet-form site="demo" endpoint=${endpoint} lang="en" .strings=${{ submit: 'Subscribe' }}></signet-form>`,
    );
    await waitUntil(() => el.shadowRoot?.querySelector('form'));
    expect($<HTMLButtonElement>(el, 'button[type=submit]').textContent?.trim()).to.equal(
      'Subscribe',
    );
  });
});

describe('<signet-form> accessibility (axe-core, WCAG 2.2 AA)', () => {
  it('has no axe violations while loading, idle, with errors and pending', async () => {
    const release = serveFormWhenReleased();
    acceptRequests();
    const el = await withLoadingDelay(0, () =>
      fixture<SignetForm>(
        html`<signet-form site="demo" endpoint=${endpoint} lang="en"></signet-form>`,
      ),
    );
    await waitUntil(() => el.shadowRoot?.querySelector('.reserve'), 'no loading state');
    await expect(el).to.be.accessible();
    release();
    await waitUntil(() => el.shadowRoot?.querySelector('form'));
    await expect(el).to.be.accessible();
    await submit(el);
    expect($<HTMLElement>(el, '#status').textContent).to.contain('Please choose');
    await expect(el).to.be.accessible();
    boxes(el)[0]?.click();
    typeEmail(el, 'bad');
    await submit(el);
    await expect(el).to.be.accessible();
    typeEmail(el, 'good@example.org');
    await submit(el);
    await waitUntil(() => el.shadowRoot?.querySelector('.status [role=heading]'));
    await expect(el).to.be.accessible();
  });

  it('has no axe violations when the form cannot load', async () => {
    serveForm(503);
    const el = await fixture<SignetForm>(
      html`<signet-form site="demo" endpoint=${endpoint} lang="de"></signet-form>`,
    );
    await waitUntil(() => el.shadowRoot?.querySelector('[role=alert]'));
    await expect(el).to.be.accessible();
  });
});

describe('the accessibility check itself', () => {
  it('fails on a page fragment with a known violation, so a pass above means something', async () => {
    const bad = await fixture(html`<div><input type="checkbox" /></div>`);
    await expect(bad).not.to.be.accessible();
  });
});

describe('<signet-form> in dark mode', () => {
  afterEach(() => driverCan('emulate-media') && emulateMedia({ colorScheme: 'light' }));

  itNeeds('emulate-media')(
    'keeps enough contrast (axe) on a dark page when the system is dark',
    async () => {
      await emulateMedia({ colorScheme: 'dark' });
      serveForm();
      const el = await fixture<SignetForm>(
        html`<div style="color-scheme:light dark;background:#16161a;color:#eee;padding:1rem"><signet-form site="demo" endpoint=${endpoint} lang="en"></signet-form></div>`,
      );
      const form = el.querySelector('signet-form') as SignetForm;
      await waitUntil(() => form.shadowRoot?.querySelector('form'));
      await submit(form);
      await expect(el).to.be.accessible();
    },
  );

  itNeeds('emulate-media')(
    'stays light on a light page although the system is dark, and turns dark by its theme attribute',
    async () => {
      await emulateMedia({ colorScheme: 'dark' });
      serveForm();
      const page = await fixture(
        html`<div style="background:#fff;color:#111;padding:1rem"><signet-form site="demo" endpoint=${endpoint} lang="en"></signet-form></div>`,
      );
      const form = page.querySelector('signet-form') as SignetForm;
      await waitUntil(() => form.shadowRoot?.querySelector('form'));
      await submit(form);
      await expect(page).to.be.accessible();
      const hint = () => getComputedStyle($<HTMLElement>(form, '.hint')).color;
      expect(hint()).to.equal('rgb(85, 85, 85)');
      form.setAttribute('theme', 'dark');
      expect(hint()).to.equal('rgb(187, 187, 187)');
    },
  );
});

describe('<signet-form> where its owner must act', () => {
  function refuseOrigin() {
    worker.use(
      http.get(`${endpoint}/v1/sites/demo/form`, () =>
        HttpResponse.json(
          {
            error: {
              code: 'origin_not_allowed',
              message:
                "origin http://localhost:8800 is not allowed for site demo: add it to the site's origins in the console's settings",
              field: null,
            },
          },
          { status: 403 },
        ),
      ),
    );
  }

  function consoleErrors() {
    const logged: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(args.join(' '));
    return { logged, restore: () => (console.error = original) };
  }

  it('shows the visitor a neutral sentence without a retry, and tells the owner in the console what to do', async () => {
    refuseOrigin();
    const errors = consoleErrors();
    try {
      const el = await fixture<SignetForm>(
        html`<signet-form site="demo" endpoint=${endpoint} lang="en"></signet-form>`,
      );
      await waitUntil(() => el.shadowRoot?.textContent?.includes('not available'), 'no message');
      expect(el.shadowRoot?.querySelector('button')).to.equal(null);
      expect(errors.logged.join('\n')).to.contain(
        'origin http://localhost:8800 is not allowed for site demo',
      );
      await expect(el).to.be.accessible();
    } finally {
      errors.restore();
    }
  });

  it('refuses a purposes attribute naming a purpose the site lacks, and keeps the order it gives', async () => {
    serveForm();
    const errors = consoleErrors();
    try {
      const typo = await fixture<SignetForm>(
        html`<signet-form site="demo" endpoint=${endpoint} lang="en" purposes="newsleter"></signet-form>`,
      );
      await waitUntil(() => typo.shadowRoot?.textContent?.includes('not available'), 'no message');
      expect(errors.logged.join('\n')).to.contain('site demo has no purpose newsleter');
    } finally {
      errors.restore();
    }
    const ordered = await fixture<SignetForm>(
      html`<signet-form site="demo" endpoint=${endpoint} lang="en" purposes="prize-draw newsletter"></signet-form>`,
    );
    await waitUntil(() => ordered.shadowRoot?.querySelector('form'));
    const labels = [...(ordered.shadowRoot?.querySelectorAll('.purpose label') ?? [])].map(
      (label) => label.textContent?.trim(),
    );
    expect(labels[0]).to.contain(demoForm.purposes[1]?.wording.label);
    expect(labels[1]).to.contain(demoForm.purposes[0]?.wording.label);
  });
});

describe('<signet-form> and the page around it', () => {
  it("re-renders in the new language when the element's or the page's lang changes", async () => {
    worker.use(
      http.get(`${endpoint}/v1/sites/demo/form`, ({ request }) =>
        HttpResponse.json({
          ...demoForm,
          locale: new URL(request.url).searchParams.get('locale') ?? 'de',
        }),
      ),
    );
    const el = await renderForm();
    el.setAttribute('lang', 'de');
    await waitUntil(
      () => el.shadowRoot?.textContent?.includes('Ihre Einwilligungen'),
      'no German after lang="de"',
    );
    el.removeAttribute('lang');
    const before = document.documentElement.lang;
    document.documentElement.lang = 'en';
    try {
      await waitUntil(
        () => el.shadowRoot?.textContent?.includes('Your consents'),
        'no English after <html lang="en">',
      );
    } finally {
      document.documentElement.lang = before;
    }
  });

  it('takes its heading level from the page, and keeps the countdown out of the live region', async () => {
    serveForm();
    acceptRequests();
    const el = await fixture<SignetForm>(
      html`<signet-form site="demo" endpoint=${endpoint} lang="en" heading-level="3"></signet-form>`,
    );
    await waitUntil(() => el.shadowRoot?.querySelector('form'));
    boxes(el)[0]?.click();
    typeEmail(el, 'level@example.org');
    await submit(el);
    await waitUntil(() => $<HTMLElement>(el, '[role=heading]'), 'no heading');
    expect($<HTMLElement>(el, '[role=heading]').getAttribute('aria-level')).to.equal('3');
    expect($<HTMLElement>(el, '[role=status]').querySelector('button')).to.equal(null);
    expect($<HTMLElement>(el, '[role=status]').textContent).to.contain(
      'If level@example.org can receive mail from us',
    );
  });

  it('goes back to the filled form from "Wrong address? Change it", the address focused', async () => {
    serveForm();
    const sent = acceptRequests();
    const el = await renderForm();
    boxes(el)[0]?.click();
    typeEmail(el, 'typo@exmaple.org');
    await submit(el);
    await waitUntil(() => el.shadowRoot?.querySelector('.status [role=heading]'));
    const change = [...(el.shadowRoot?.querySelectorAll('button') ?? [])].find((button) =>
      button.textContent?.includes('Wrong address?'),
    );
    change?.click();
    await waitUntil(() => el.shadowRoot?.querySelector('form'), 'no form after change');
    const email = $<HTMLInputElement>(el, 'input[type=email]');
    expect(el.shadowRoot?.activeElement).to.equal(email);
    expect(email.value).to.equal('typo@exmaple.org');
    expect(boxes(el)[0]?.checked).to.equal(true);
    typeEmail(el, 'right@example.org');
    await submit(el);
    await waitUntil(() => (sent.body?.email as string) === 'right@example.org');
  });
});

describe('<signet-form> without a mouse, and zoomed', () => {
  afterEach(() => driverCan('set-viewport') && setViewport({ width: 800, height: 600 }));

  it('can be filled and sent with the keyboard alone', async () => {
    serveForm();
    const sent = acceptRequests();
    const el = await renderForm();
    boxes(el)[0]?.focus();
    await sendKeys({ press: 'Space' });
    expect(boxes(el)[0]?.checked).to.equal(true);
    $<HTMLInputElement>(el, 'input[type=email]').focus();
    await sendKeys({ type: 'keys@example.org' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => sent.body, 'Enter did not submit');
    await waitUntil(() => el.shadowRoot?.querySelector('.status [role=heading]'));
    expect(el.shadowRoot?.activeElement?.classList.contains('status')).to.equal(true);
  });

  itNeeds('set-viewport')(
    'reflows without horizontal scrolling at 320 CSS pixels (200 % zoom of 640)',
    async () => {
      await setViewport({ width: 320, height: 640 });
      serveForm();
      const el = await renderForm();
      (el.shadowRoot?.querySelector('details') as HTMLDetailsElement).open = true;
      await el.updateComplete;
      expect(el.scrollWidth).to.be.at.most(el.clientWidth);
      expect(document.documentElement.scrollWidth).to.be.at.most(320);
    },
  );
});

describe('<signet-form> theming', () => {
  afterEach(() => driverCan('emulate-media') && emulateMedia({ reducedMotion: 'no-preference' }));

  it("takes the page's font, the documented custom properties and ::part() rules", async () => {
    serveForm();
    const page = await fixture(
      html`<div style="font-family: Georgia, serif; font-size: 19px; --signet-accent: rgb(1, 2, 3); --signet-radius: 0px">
        <style>signet-form::part(button) { text-transform: uppercase; }</style>
        <signet-form site="demo" endpoint=${endpoint} lang="en"></signet-form>
      </div>`,
    );
    const el = page.querySelector('signet-form') as SignetForm;
    await waitUntil(() => el.shadowRoot?.querySelector('form'));
    const button = getComputedStyle($<HTMLButtonElement>(el, 'button[type=submit]'));
    expect(button.backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(button.borderRadius).to.equal('0px');
    expect(button.textTransform).to.equal('uppercase');
    const input = getComputedStyle($<HTMLInputElement>(el, 'input[type=email]'));
    expect(input.fontFamily).to.contain('Georgia');
    expect(input.fontSize).to.equal('19px');
  });

  it("lays out with the page's font in its own weight and bold only, and draws its disclosure chevron", async () => {
    // Each further weight, and the summary's marker triangle, cost the first layout a font
    // lookup (issue 23: the form interactive under 4x CPU throttling).
    serveForm();
    const el = await renderForm();
    const weights = new Set(
      [...(el.shadowRoot?.querySelectorAll('*') ?? [])].map(
        (node) => getComputedStyle(node).fontWeight,
      ),
    );
    expect([...weights].sort()).to.deep.equal(['400', '700']);
    const summary = $<HTMLElement>(el, 'summary');
    expect(getComputedStyle(summary).listStyleType).to.equal('none');
    expect(getComputedStyle(summary, '::before').borderRightStyle).to.equal('solid');
  });

  itNeeds('emulate-media')(
    'drops its transitions when the page prefers reduced motion',
    async () => {
      serveForm();
      const el = await renderForm();
      const transition = () =>
        getComputedStyle($<HTMLButtonElement>(el, 'button[type=submit]')).transitionDuration;
      expect(transition()).to.equal('0.15s');
      await emulateMedia({ reducedMotion: 'reduce' });
      expect(transition()).to.equal('0s');
    },
  );
});

describe('<signet-form> and the preferences page', () => {
  it("R6: links to the site's preferences page, in the form's language", async () => {
    serveForm();
    const el = await renderForm();
    const link = [...(el.shadowRoot?.querySelectorAll('a') ?? [])].find(
      (a) => a.textContent?.trim() === 'Manage your consents',
    );
    expect(link?.getAttribute('href')).to.equal(`${endpoint}/p/demo?lang=en`);
  });
});
