import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { Me } from '@signet/sdk';
import { HttpResponse, http } from 'msw';
import { setupWorker } from 'msw/browser';
import { endpoint } from '../test/fixtures.js';
import type { SignetPreferences } from './signet-preferences.js';
import './signet-preferences.js';

const worker = setupWorker();
before(() => worker.start({ quiet: true, onUnhandledFrame: 'bypass' }));
afterEach(() => {
  worker.resetHandlers();
  history.replaceState(null, '', location.pathname);
});
after(() => worker.stop());

const token = 'T'.repeat(43);
const session = 'S'.repeat(43);

function me(newsletter: 'active' | 'withdrawn' = 'active'): Me {
  const wording = (label: string) => ({
    locale: 'en' as const,
    label,
    processed: 'Your email address',
    purpose: `About ${label}`,
    retention: 'Until you withdraw',
    withdrawal: 'Any time',
  });
  return {
    site: {
      id: 'demo',
      name: 'Demo Shop',
      controller: 'Demo GmbH',
      privacyPolicyUrl: 'https://demo.test/privacy',
    },
    contact: { email: 'pe***n@example.org', phone: null },
    purposes: [
      {
        id: 'newsletter',
        channel: 'email',
        state: newsletter,
        since: '2026-11-01T10:00:00Z',
        until: null,
        wordingVersion: 'a'.repeat(64),
        wording: wording('The newsletter'),
      },
      {
        id: 'prize-draw',
        channel: 'email',
        state: 'never',
        since: null,
        until: null,
        wordingVersion: 'b'.repeat(64),
        wording: wording('The prize draw'),
      },
    ],
    records: [
      { id: 'r1', seq: 1, purpose: 'newsletter', event: 'confirmed', at: '2026-11-01T10:00:00Z' },
    ],
    session: { expiresAt: '2026-11-24T12:00:00Z', idleExpiresAt: '2026-11-24T11:15:00Z' },
  };
}

/** The API as the element meets it; `calls` keeps what was sent, with its bearer. */
function serveApi(options: { opens?: boolean; state?: () => Me; erases?: boolean } = {}) {
  const calls: { path: string; auth: string | null; body: unknown }[] = [];
  const keep = async (request: Request) => {
    const body =
      request.method === 'POST'
        ? await request
            .clone()
            .json()
            .catch(() => null)
        : null;
    calls.push({
      path: new URL(request.url).pathname + new URL(request.url).search,
      auth: request.headers.get('authorization'),
      body,
    });
  };
  let state = options.state ?? (() => me());
  worker.use(
    http.post(`${endpoint}/v1/preference-sessions`, async ({ request }) => {
      await keep(request);
      return options.opens === false
        ? HttpResponse.json(
            { error: { code: 'unauthorized', message: 'expired', field: null } },
            { status: 401 },
          )
        : HttpResponse.json({ session, expiresAt: '2026-11-24T12:00:00Z' }, { status: 201 });
    }),
    http.post(`${endpoint}/v1/preference-links`, async ({ request }) => {
      await keep(request);
      return HttpResponse.json({ status: 'sent-if-known' }, { status: 202 });
    }),
    http.get(`${endpoint}/v1/me`, async ({ request }) => {
      await keep(request);
      return HttpResponse.json(state());
    }),
    http.post(`${endpoint}/v1/me/withdrawals`, async ({ request }) => {
      await keep(request);
      state = () => me('withdrawn');
      return HttpResponse.json({
        withdrawn: ['newsletter'],
        unchanged: [],
        erased: options.erases ?? false,
      });
    }),
    http.post(`${endpoint}/v1/me/consent-requests`, async ({ request }) => {
      await keep(request);
      return HttpResponse.json({ status: 'pending' }, { status: 202 });
    }),
    http.post(`${endpoint}/v1/me/erasure`, async ({ request }) => {
      await keep(request);
      return HttpResponse.json({ erased: true, at: '2026-11-24T11:00:00Z' });
    }),
    http.get(`${endpoint}/v1/me/export`, async ({ request }) => {
      await keep(request);
      return HttpResponse.json({ format: 'signet-export/1' });
    }),
    http.delete(`${endpoint}/v1/me/session`, async ({ request }) => {
      await keep(request);
      return HttpResponse.json({ ended: true });
    }),
    http.get(`${endpoint}/v1/me/receipts`, async ({ request }) => {
      await keep(request);
      return HttpResponse.json({ schemaVersion: 'signet-receipt/1' });
    }),
  );
  return calls;
}

const $ = <T extends Element>(el: SignetPreferences, selector: string) =>
  el.shadowRoot?.querySelector(selector) as T;
const $$ = (el: SignetPreferences, selector: string) => [
  ...(el.shadowRoot?.querySelectorAll(selector) ?? []),
];
const text = (el: SignetPreferences) => el.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
const button = (el: SignetPreferences, label: string) =>
  $$(el, 'button').find((b) => b.textContent?.trim() === label) as HTMLButtonElement;

async function openedFromLink(lang = 'en') {
  history.replaceState(null, '', `${location.pathname}#token=${token}`);
  const el = await fixture<SignetPreferences>(
    html`<signet-preferences site="demo" endpoint=${endpoint} lang=${lang}></signet-preferences>`,
  );
  await waitUntil(() => $(el, '.purposes'), 'preferences did not open');
  return el;
}

describe('<signet-preferences>', () => {
  it('R6: opens a session from the link in the fragment, takes the token out of the address bar, and shows every purpose', async () => {
    const calls = serveApi();
    const el = await openedFromLink();
    expect(location.hash).to.equal('');
    expect(calls[0]).to.deep.include({ path: '/v1/preference-sessions', body: { token } });
    expect(calls[1]).to.deep.include({ path: '/v1/me?locale=en', auth: `Bearer ${session}` });
    expect(text(el)).to.contain('pe***n@example.org');
    expect(text(el)).to.contain('The newsletter');
    expect(text(el)).to.contain('Given');
    expect(text(el)).to.contain('Not given');
    // Only an active purpose can be withdrawn.
    expect($$(el, 'button[aria-label^="Withdraw"]')).to.have.length(1);
    expect(document.cookie).to.equal('');
    expect(localStorage.length + sessionStorage.length).to.equal(0);
  });

  it('R1: withdraws a purpose in one click and says so', async () => {
    const calls = serveApi();
    const el = await openedFromLink();
    const withdrawn = oneEvent(el, 'signet-withdrawn');
    ($(el, 'button[aria-label="Withdraw: The newsletter"]') as HTMLButtonElement).click();
    expect((await withdrawn).detail).to.deep.equal({ purposes: ['newsletter'] });
    await waitUntil(() => text(el).includes('is withdrawn'));
    expect(calls.find((call) => call.path === '/v1/me/withdrawals')).to.deep.include({
      auth: `Bearer ${session}`,
      body: { purposes: ['newsletter'] },
    });
    expect(text(el)).to.contain('Withdrawn');
  });

  it('R1/C5: agreeing from the page starts a new double opt-in and says where the link went', async () => {
    const calls = serveApi();
    const el = await openedFromLink();
    ($(el, 'button[aria-label="Agree: The prize draw"]') as HTMLButtonElement).click();
    await waitUntil(() => text(el).includes('We sent a confirmation link to pe***n@example.org.'));
    expect(calls.find((call) => call.path === '/v1/me/consent-requests')).to.deep.include({
      auth: `Bearer ${session}`,
      body: { purposes: [{ id: 'prize-draw', wordingVersion: 'b'.repeat(64) }], locale: 'en' },
    });
  });

  it('R4: deletes everything only after a confirmation step', async () => {
    const calls = serveApi();
    const el = await openedFromLink();
    button(el, 'Delete everything …').click();
    await el.updateComplete;
    expect(calls.some((call) => call.path === '/v1/me/erasure')).to.equal(false);
    button(el, 'Cancel').click();
    await el.updateComplete;
    button(el, 'Delete everything …').click();
    await el.updateComplete;
    const erased = oneEvent(el, 'signet-erased');
    button(el, 'Yes, delete for good').click();
    await erased;
    await waitUntil(() => text(el).includes('Your data at this site is deleted.'));
    expect(calls.filter((call) => call.path === '/v1/me/erasure')).to.have.length(1);
  });

  it('R3: downloads the export with the session, as a file', async () => {
    const calls = serveApi();
    const el = await openedFromLink();
    button(el, 'As JSON').click();
    const path = '/v1/me/export?format=json&locale=en';
    await waitUntil(() => calls.some((call) => call.path === path));
    expect(calls.find((call) => call.path === path)?.auth).to.equal(`Bearer ${session}`);
  });

  it('R4: the last purpose says before the click that the data goes and only the signed proof stays, offers the export right there, and says afterwards what was kept', async () => {
    const calls = serveApi({ erases: true });
    const el = await openedFromLink();
    const sentence =
      'This deletes your data here; only the signed proof, without readable data, stays, so that Demo GmbH can show what you agreed to and when you withdrew.';
    expect(text(el)).to.contain(sentence);
    const withdraw = $<HTMLButtonElement>(el, 'button[aria-label="Withdraw: The newsletter"]');
    // Said before the button, and tied to it for screen readers.
    const warning = $(el, '#last-newsletter');
    expect(warning.textContent).to.contain(sentence);
    expect(withdraw.getAttribute('aria-describedby')).to.equal('last-newsletter');
    expect(
      warning.compareDocumentPosition(withdraw) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).to.not.equal(0);
    // The receipt and the export, right there.
    const [receipt, exported] = [...warning.querySelectorAll('button')] as HTMLButtonElement[];
    expect(receipt?.textContent).to.contain('receipt');
    receipt?.click();
    await waitUntil(() => calls.some((call) => call.path.startsWith('/v1/me/receipts')));
    expect(calls.find((call) => call.path.startsWith('/v1/me/receipts'))?.path).to.contain(
      'purpose=newsletter',
    );
    // Each download keeps the page busy until its file is there.
    await waitUntil(() => exported && !exported.disabled, 'export still disabled');
    exported?.click();
    await waitUntil(() => calls.some((call) => call.path.startsWith('/v1/me/export')));
    expect(calls.find((call) => call.path.startsWith('/v1/me/export'))).to.deep.include({
      path: '/v1/me/export?format=html&locale=en',
      auth: `Bearer ${session}`,
    });
    await waitUntil(() => !withdraw.disabled, 'withdraw still disabled');
    withdraw.click();
    await waitUntil(() => text(el).includes('Your data at this site is deleted.'));
    expect(text(el)).to.contain(
      'Only the signed proof, without readable data, was kept, so that Demo GmbH can show what you agreed to and when you withdrew.',
    );
  });

  it('R4: a purpose that is not the last one, or one while a request waits, withdraws without that warning', async () => {
    const two = () => {
      const state = me();
      const [newsletter, draw] = state.purposes;
      if (draw && newsletter) draw.state = 'active';
      return state;
    };
    serveApi({ state: two });
    const el = await openedFromLink();
    expect(text(el)).not.to.contain('This deletes your data here');
    expect($$(el, '[aria-describedby]')).to.have.length(0);
    worker.resetHandlers();
    const waiting = () => {
      const state = me();
      const draw = state.purposes[1];
      if (draw) draw.state = 'pending';
      return state;
    };
    serveApi({ state: waiting });
    const other = await openedFromLink();
    expect(text(other)).not.to.contain('This deletes your data here');
  });

  it('P4: a telephone purpose says its proof is kept 5 years after it was given and after each use; in German too', async () => {
    const phone = () => {
      const state = me();
      const newsletter = state.purposes[0];
      if (newsletter) newsletter.channel = 'phone';
      return state;
    };
    serveApi({ state: phone });
    const el = await openedFromLink();
    expect(text(el)).to.contain(
      'The proof of this telephone consent is kept 5 years after it was given and after each use (§ 7a UWG).',
    );
    const de = await openedFromLink('de');
    expect(text(de)).to.contain('5 Jahre nach der Erteilung und nach jeder Nutzung');
    expect(text(de)).to.contain('Damit werden Ihre Daten hier gelöscht');
  });

  it("R3: offers the history as CSV, in the element's language", async () => {
    const calls = serveApi();
    const el = await openedFromLink('fr');
    button(el, 'Historique en CSV').click();
    await waitUntil(() => calls.some((call) => call.path.startsWith('/v1/me/export')));
    expect(calls.find((call) => call.path.startsWith('/v1/me/export'))?.path).to.equal(
      '/v1/me/export?format=csv&locale=fr',
    );
  });

  it('R3/R1: an export refused to a session older than 15 minutes keeps the page open, so the person can still withdraw', async () => {
    serveApi();
    worker.use(
      http.get(`${endpoint}/v1/me/export`, () =>
        HttpResponse.json(
          { error: { code: 'unauthorized', message: 'needs a fresh session', field: null } },
          { status: 401 },
        ),
      ),
    );
    const el = await openedFromLink();
    button(el, 'As JSON').click();
    await waitUntil(() => text(el).includes('ask for a new link'));
    expect($(el, 'button[aria-label="Withdraw: The newsletter"]')).to.not.equal(null);
  });

  it('R6: an expired link says so and offers a new one; the code opens the page on another device', async () => {
    serveApi({ opens: false });
    history.replaceState(null, '', `${location.pathname}#token=${token}`);
    const el = await fixture<SignetPreferences>(
      html`<signet-preferences site="demo" endpoint=${endpoint} lang="en"></signet-preferences>`,
    );
    await waitUntil(() => text(el).includes('This link has expired'));
    worker.resetHandlers();
    const calls = serveApi();
    const email = $<HTMLInputElement>(el, '#email');
    email.value = 'person@example.org';
    email.dispatchEvent(new InputEvent('input'));
    button(el, 'Send link').click();
    await waitUntil(() => text(el).includes('a link is on its way'));
    expect(calls[0]).to.deep.include({
      path: '/v1/preference-links',
      body: { site: 'demo', email: 'person@example.org', locale: 'en' },
    });
    $<HTMLInputElement>(el, '#code').value = '1234 5678';
    button(el, 'Open with code').click();
    await waitUntil(() => $(el, '.purposes'));
    expect(calls.find((call) => call.path === '/v1/preference-sessions')?.body).to.deep.equal({
      site: 'demo',
      email: 'person@example.org',
      code: '12345678',
    });
  });

  it('R6: the code form takes the address typed for the link: one address field on the page', async () => {
    const calls = serveApi();
    const el = await fixture<SignetPreferences>(
      html`<signet-preferences site="demo" endpoint=${endpoint} lang="en"></signet-preferences>`,
    );
    expect($$(el, 'input[type=email]')).to.have.length(1);
    const email = $<HTMLInputElement>(el, '#email');
    email.value = 'person@example.org';
    email.dispatchEvent(new InputEvent('input'));
    $<HTMLInputElement>(el, '#code').value = '12345678';
    button(el, 'Open with code').click();
    await waitUntil(() => $(el, '.purposes'));
    expect(calls[0]?.body).to.deep.equal({
      site: 'demo',
      email: 'person@example.org',
      code: '12345678',
    });
  });

  it('R6: a wrong code says how many tries are left, keeps the address, and takes focus', async () => {
    worker.use(
      http.post(`${endpoint}/v1/preference-sessions`, () =>
        HttpResponse.json(
          {
            error: { code: 'unauthorized', message: 'Wrong code: 3 tries left', field: 'code' },
          },
          { status: 401 },
        ),
      ),
    );
    const el = await fixture<SignetPreferences>(
      html`<signet-preferences site="demo" endpoint=${endpoint} lang="de"></signet-preferences>`,
    );
    const email = $<HTMLInputElement>(el, '#email');
    email.value = 'person@example.org';
    email.dispatchEvent(new InputEvent('input'));
    $<HTMLInputElement>(el, '#code').value = '00000000';
    button(el, 'Mit Code öffnen').click();
    await waitUntil(() => text(el).includes('Falscher Code. Sie haben noch 3 Versuche.'));
    expect(text(el)).to.not.contain('abgelaufen');
    expect($<HTMLInputElement>(el, '#email').value).to.equal('person@example.org');
    expect(el.shadowRoot?.activeElement?.id).to.equal('notice');
  });

  it('R1: focus goes to the result after withdrawing, agreeing and deleting, not back to <body>', async () => {
    serveApi();
    const el = await openedFromLink();
    expect(el.shadowRoot?.activeElement?.id).to.equal('purposes');
    ($(el, 'button[aria-label="Withdraw: The newsletter"]') as HTMLButtonElement).click();
    await waitUntil(() => text(el).includes('is withdrawn'));
    expect(el.shadowRoot?.activeElement?.textContent).to.contain('is withdrawn');
    ($(el, 'button[aria-label="Agree: The prize draw"]') as HTMLButtonElement).click();
    await waitUntil(() => text(el).includes('We sent a confirmation link'));
    expect(el.shadowRoot?.activeElement?.textContent).to.contain('We sent a confirmation link');
    button(el, 'Delete everything …').click();
    await el.updateComplete;
    button(el, 'Yes, delete for good').click();
    await waitUntil(() => $(el, '#result'));
    expect(el.shadowRoot?.activeElement?.id).to.equal('result');
  });

  it('R2: "What you agreed to" lists only purposes agreed to; the others come under their own heading', async () => {
    serveApi();
    const el = await openedFromLink();
    const headings = $$(el, 'h2').map((h) => h.textContent?.trim());
    expect(headings).to.include.members(['What you agreed to', 'You can also agree to']);
    const [agreed, others] = $$(el, 'ul.purposes');
    expect(agreed?.textContent).to.contain('The newsletter');
    expect(agreed?.textContent).to.not.contain('The prize draw');
    expect(others?.textContent).to.contain('The prize draw');
  });

  it('R6: a long masked address wraps inside a 375 px card instead of overflowing it', async () => {
    serveApi({
      state: () => ({
        ...me(),
        contact: {
          email: `${'a'.repeat(60)}***z@an-exceptionally-long-domain.example.org`,
          phone: null,
        },
      }),
    });
    history.replaceState(null, '', `${location.pathname}#token=${token}`);
    const wrapper = await fixture(
      html`<div style="width: 343px"><signet-preferences site="demo" endpoint=${endpoint} lang="en"></signet-preferences></div>`,
    );
    const el = wrapper.querySelector('signet-preferences') as SignetPreferences;
    await waitUntil(() => $(el, '.purposes'));
    const dd = $<HTMLElement>(el, 'dl.contact dd');
    expect(dd.getBoundingClientRect().right).to.be.at.most(wrapper.getBoundingClientRect().right);
    expect(el.scrollWidth).to.be.at.most(343);
  });

  it('R6: says that closing the tab signs out, and signing out ends the session at the API', async () => {
    const calls = serveApi();
    const el = await openedFromLink();
    expect(text(el)).to.contain('Closing this tab signs you out.');
    button(el, 'Sign out').click();
    await waitUntil(() => text(el).includes('You are signed out.'));
    expect(calls.find((call) => call.path === '/v1/me/session')).to.deep.include({
      auth: `Bearer ${session}`,
    });
    expect(el.shadowRoot?.activeElement?.id).to.equal('notice');
    expect($(el, '.purposes')).to.equal(null);
  });

  it('shows a failure with a way to try again', async () => {
    worker.use(http.post(`${endpoint}/v1/preference-sessions`, () => HttpResponse.error()));
    history.replaceState(null, '', `${location.pathname}#token=${token}`);
    const el = await fixture<SignetPreferences>(
      html`<signet-preferences site="demo" endpoint=${endpoint} lang="en"></signet-preferences>`,
    );
    await waitUntil(() => $(el, '[role=alert]'));
    expect(text(el)).to.contain('That did not work.');
    worker.resetHandlers();
    serveApi();
    button(el, 'Try again').click();
    await waitUntil(() => $(el, '.purposes'));
  });

  it('R6/S5: a link opened while a session is open asks first, and switches only when told to', async () => {
    const calls = serveApi();
    const el = await openedFromLink();
    const other = 'O'.repeat(43);
    const opened = () =>
      calls.filter((call) => call.path === '/v1/preference-sessions').map((call) => call.body);
    // Someone else's link, opened in this browser (forwarded, or sent to the wrong person).
    location.hash = `#token=${other}`;
    await waitUntil(() => text(el).includes('You are signed in as pe***n@example.org.'));
    expect(location.hash).to.equal('');
    expect(opened()).to.deep.equal([{ token }]);
    expect($(el, '.purposes')).to.equal(null);
    button(el, 'Stay signed in as pe***n@example.org').click();
    await waitUntil(() => $(el, '.purposes'));
    expect(opened()).to.deep.equal([{ token }]);

    location.hash = `#token=${other}`;
    await waitUntil(() => text(el).includes('Open the page for the other link?'));
    button(el, 'Open the page for the other link').click();
    await waitUntil(() => opened().length === 2 && $(el, '.purposes'));
    expect(opened()).to.deep.equal([{ token }, { token: other }]);
  });

  it('R6/S5: the element put back on the page with a new link in the address asks too', async () => {
    const calls = serveApi();
    const el = await openedFromLink();
    const parent = el.parentElement as HTMLElement;
    el.remove();
    history.replaceState(null, '', `${location.pathname}#token=${'N'.repeat(43)}`);
    parent.append(el);
    await waitUntil(() => text(el).includes('You are signed in as'));
    expect(calls.filter((call) => call.path === '/v1/preference-sessions')).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('speaks German and French', async () => {
    serveApi();
    const de = await openedFromLink('de');
    expect(text(de)).to.contain('Ihre Einwilligungen');
    expect(text(de)).to.contain('Nicht erteilt');
    const fr = await openedFromLink('fr');
    expect(text(fr)).to.contain('Vos consentements');
  });
});

describe('<signet-preferences> accessibility (axe-core, WCAG 2.2 AA)', () => {
  it("has no axe violations with the last purpose's warning and after the last withdrawal", async () => {
    serveApi({ erases: true });
    const el = await openedFromLink();
    expect($(el, '#last-newsletter')).to.not.equal(null);
    await expect(el).to.be.accessible();
    ($(el, 'button[aria-label="Withdraw: The newsletter"]') as HTMLButtonElement).click();
    await waitUntil(() => text(el).includes('was kept'));
    await expect(el).to.be.accessible();
  });

  it('has no axe violations asking for a link, opening, ready, confirming deletion, deleted and failed', async () => {
    serveApi();
    const asking = await fixture<SignetPreferences>(
      html`<signet-preferences site="demo" endpoint=${endpoint} lang="en"></signet-preferences>`,
    );
    await expect(asking).to.be.accessible();
    const el = await openedFromLink();
    await expect(el).to.be.accessible();
    button(el, 'Delete everything …').click();
    await el.updateComplete;
    await expect(el).to.be.accessible();
    button(el, 'Yes, delete for good').click();
    await waitUntil(() => text(el).includes('deleted.'));
    await expect(el).to.be.accessible();
    worker.resetHandlers();
    serveApi({ opens: false });
    const expired = await fixture<SignetPreferences>(
      html`<signet-preferences site="demo" endpoint=${endpoint} lang="en"></signet-preferences>`,
    );
    history.replaceState(null, '', `${location.pathname}#token=${token}`);
    expired.connectedCallback();
    await waitUntil(() => text(expired).includes('expired'));
    await expect(expired).to.be.accessible();
  });
});

describe('<signet-preferences> receipts (P6)', () => {
  it('P6: offers a receipt for a confirmed purpose, active or withdrawn, and fetches it with the session', async () => {
    const calls = serveApi();
    worker.use(
      http.get(`${endpoint}/v1/me/receipts`, ({ request }) => {
        calls.push({
          path: new URL(request.url).pathname + new URL(request.url).search,
          auth: request.headers.get('authorization'),
          body: null,
        });
        return HttpResponse.json({ schemaVersion: 'signet-receipt/1' });
      }),
    );
    const el = await openedFromLink();
    const receipts = $$(el, 'button').filter((b) => b.textContent?.trim() === 'Download receipt');
    expect(receipts.map((b) => b.getAttribute('aria-label'))).to.deep.equal([
      'Download receipt: The newsletter',
    ]);
    (receipts[0] as HTMLButtonElement).click();
    await waitUntil(() => calls.some((call) => call.path.startsWith('/v1/me/receipts')));
    expect(calls.find((call) => call.path.startsWith('/v1/me/receipts'))).to.deep.equal({
      path: '/v1/me/receipts?purpose=newsletter',
      auth: `Bearer ${session}`,
      body: null,
    });
    expect($(el, 'signet-receipt-check')).to.exist;
  });
});
