import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { HttpResponse, http } from 'msw';
import { setupWorker } from 'msw/browser';
import type { SignetForm } from '../form/signet-form.js';
import { demoForm, endpoint } from '../test/fixtures.js';
import '../form/signet-form.js';
import { resolveLocale } from './strings.js';

const worker = setupWorker();
before(() => worker.start({ quiet: true, onUnhandledFrame: 'bypass' }));
afterEach(() => worker.resetHandlers());
after(() => worker.stop());

/** Answers in the asked locale when the site has it, else in `fallback` (as the API does). */
function serveForm(siteLocales: string[], fallback = 'de') {
  const asked: string[] = [];
  worker.use(
    http.get(`${endpoint}/v1/sites/demo/form`, ({ request }) => {
      const locale = new URL(request.url).searchParams.get('locale') ?? fallback;
      asked.push(locale);
      return HttpResponse.json({
        ...demoForm,
        locale: siteLocales.includes(locale) ? locale : fallback,
      });
    }),
  );
  return asked;
}

async function renderForm(lang: string) {
  const el = await fixture<SignetForm>(
    html`<signet-form site="demo" endpoint=${endpoint} lang=${lang}></signet-form>`,
  );
  await waitUntil(() => el.shadowRoot?.querySelector('form'), 'form did not render');
  return el;
}

const legend = (el: SignetForm) => el.shadowRoot?.querySelector('legend')?.textContent;
const chunkRequests = (locale: string) =>
  performance
    .getEntriesByType('resource')
    .filter((entry) => entry.name.includes(`/locales/${locale}.`));
const frenchChunkRequests = () => chunkRequests('fr');

describe('languages', () => {
  it('picks the lang attribute, then the document, then the browser, by primary subtag', () => {
    expect(resolveLocale('fr-CH', 'de', 'en-GB')).to.equal('fr');
    expect(resolveLocale('', 'EN-us', 'de')).to.equal('en');
    expect(resolveLocale(null, 'es', 'pt-BR')).to.equal('de');
    expect(resolveLocale(undefined, 'es', 'fr')).to.equal('fr');
  });

  it('shows English without fetching a language, and German from its own chunk, once', async () => {
    serveForm(['de', 'en']);
    expect(legend(await renderForm('en'))).to.equal('Your consents');
    expect(chunkRequests('de')).to.have.length(0);
    expect(legend(await renderForm('de'))).to.equal('Ihre Einwilligungen');
    expect(legend(await renderForm('de-AT'))).to.equal('Ihre Einwilligungen');
    expect(chunkRequests('de')).to.have.length(1);
    expect(frenchChunkRequests()).to.have.length(0);
  });

  it("says that the form could not load in the form's language, also one that comes as a chunk", async () => {
    worker.use(
      http.get(`${endpoint}/v1/sites/demo/form`, () =>
        HttpResponse.json(
          { error: { code: 'internal', message: 'down', field: null } },
          { status: 503 },
        ),
      ),
    );
    const el = await fixture<SignetForm>(
      html`<signet-form site="demo" endpoint=${endpoint} lang="fr"></signet-form>`,
    );
    await waitUntil(() => el.shadowRoot?.querySelector('[role=alert]'), 'no error shown');
    expect(el.shadowRoot?.querySelector('[role=alert]')?.textContent).to.equal(
      'Le formulaire n’a pas pu être chargé.',
    );
  });

  it('fetches French the first time a French form appears, once, and speaks it', async () => {
    const asked = serveForm(['de', 'en', 'fr']);
    const first = await renderForm('fr');
    expect(asked).to.deep.equal(['fr']);
    expect(legend(first)).to.equal('Vos consentements');
    expect(first.shadowRoot?.querySelector('button[type=submit]')?.textContent?.trim()).to.equal(
      'Accepter et envoyer le lien de confirmation',
    );
    const second = await renderForm('fr-BE');
    expect(legend(second)).to.equal('Vos consentements');
    expect(frenchChunkRequests()).to.have.length(1);
  });

  it('follows the language the API answers in when the site has no French', async () => {
    serveForm(['de', 'en'], 'de');
    expect(legend(await renderForm('fr'))).to.equal('Ihre Einwilligungen');
  });

  it('lets a page override French texts too', async () => {
    serveForm(['fr']);
    const el = await fixture<SignetForm>(
      html`<signet-form site="demo" endpoint=${endpoint} lang="fr" .strings=${{ legend: 'Vos choix' }}></signet-form>`,
    );
    await waitUntil(() => el.shadowRoot?.querySelector('form'));
    expect(legend(el)).to.equal('Vos choix');
  });
});
