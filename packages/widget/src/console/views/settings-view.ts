import { locales, type SiteSettings, type SiteSettingsPatch } from '@signet/sdk';
import { html, nothing } from 'lit';
import { ConsoleView, errorText } from '../console-view.js';

const lines = (text: FormDataEntryValue | null) =>
  String(text ?? '')
    .split(/\s*\n\s*/)
    .map((line) => line.trim())
    .filter(Boolean);

const numberFields = [
  ['confirmTokenTtlSeconds', 'Confirmation link valid for (seconds)', '3,600 to 604,800'],
  [
    'unconfirmedRetentionDays',
    'Keep unconfirmed requests (days)',
    'At least as long as the link is valid',
  ],
  ['addressLimitPerDay', 'Requests per address and day', '1 to 20'],
  ['clientLimitPerHour', 'Requests per client and hour', '1 to 10,000'],
  ['messagesPerDay', 'Confirmation messages per day', 'Emails and SMS together'],
  ['smsPerDay', 'SMS per day', 'Lower than messages, against SMS pumping'],
] as const;

/** Settings: the site's origins, controller, privacy link, locales, lifetimes, limits, Turnstile. */
export default class SettingsView extends ConsoleView {
  static override properties = {
    ...ConsoleView.properties,
    settings: { state: true },
    saved: { state: true },
  };
  settings: SiteSettings | null = null;
  saved: { ok: boolean; text: string } | null = null;

  get heading() {
    return 'Settings';
  }

  protected async load() {
    const site = await this.context.admin.site();
    if (site.ok) this.settings = site.value;
    return site.ok ? null : site.error;
  }

  #patch(form: HTMLFormElement): SiteSettingsPatch {
    const data = new FormData(form);
    const patch: SiteSettingsPatch = {
      name: String(data.get('name')),
      controllerName: String(data.get('controllerName')),
      controllerContact: String(data.get('controllerContact')),
      controllerAddress: String(data.get('controllerAddress') ?? ''),
      timeZone: String(data.get('timeZone')),
      privacyPolicyUrl: String(data.get('privacyPolicyUrl')),
      defaultLocale: String(data.get('defaultLocale')) as SiteSettings['defaultLocale'],
      locales: data.getAll('locales').map(String) as SiteSettings['locales'],
      allowedOrigins: lines(data.get('allowedOrigins')),
      ownerEmails: lines(data.get('ownerEmails')),
      evidenceIp: String(data.get('evidenceIp')) as SiteSettings['evidenceIp'],
    };
    for (const [name] of numberFields) patch[name] = Number(data.get(name));
    const secret = String(data.get('turnstileSecret') ?? '').trim();
    if (data.get('turnstileOff')) patch.turnstileSecret = null;
    else if (secret) patch.turnstileSecret = secret;
    return patch;
  }

  async #save(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    this.saved = { ok: true, text: 'Saving…' };
    const result = await this.context.admin.updateSite(this.#patch(form));
    if (!result.ok) {
      if (result.error.code === 'unauthorized') return this.fail(result.error);
      this.saved = { ok: false, text: errorText(result.error) };
      const field = result.error.field?.split('.')[0];
      if (field) form.querySelector<HTMLElement>(`[name="${field}"]`)?.focus();
      return;
    }
    this.settings = result.value;
    (form.querySelector('[name="turnstileSecret"]') as HTMLInputElement).value = '';
    this.saved = { ok: true, text: 'Saved.' };
  }

  protected renderContent() {
    const s = this.settings;
    if (!s) return nothing;
    return html`<form @submit=${this.#save} novalidate>
      <fieldset class="card">
        <legend>The site and who is responsible</legend>
        <label for="name">Site name (shown in emails)</label>
        <input id="name" name="name" .value=${s.name} required />
        <label for="controllerName">Controller</label>
        <input id="controllerName" name="controllerName" .value=${s.controllerName} required />
        <label for="controllerContact">Controller’s contact</label>
        <input id="controllerContact" name="controllerContact" .value=${s.controllerContact} required />
        <label for="controllerAddress">Controller’s postal address</label>
        <input id="controllerAddress" name="controllerAddress" .value=${s.controllerAddress}
          autocomplete="street-address" aria-describedby="address-hint" />
        <p class="hint" id="address-hint">One line, as it should appear on a proof of consent.</p>
        <label for="timeZone">Time zone</label>
        <input id="timeZone" name="timeZone" .value=${s.timeZone} required aria-describedby="zone-hint" />
        <p class="hint" id="zone-hint">Like Europe/Berlin: proofs of consent state times in it.</p>
        <label for="privacyPolicyUrl">Privacy policy</label>
        <input id="privacyPolicyUrl" name="privacyPolicyUrl" type="url" .value=${s.privacyPolicyUrl} required />
      </fieldset>
      <fieldset class="card">
        <legend>Where the form runs and who may sign in</legend>
        <label for="allowedOrigins">Allowed origins, one per line</label>
        <textarea id="allowedOrigins" name="allowedOrigins" aria-describedby="origins-hint"
          .value=${s.allowedOrigins.join('\n')}></textarea>
        <p class="hint" id="origins-hint">Like https://shop.example: pages there may show the form.</p>
        <label for="ownerEmails">Owner addresses, one per line</label>
        <textarea id="ownerEmails" name="ownerEmails" aria-describedby="owners-hint"
          .value=${s.ownerEmails.join('\n')}></textarea>
        <p class="hint" id="owners-hint">These addresses can ask for a sign-in link to this console.</p>
      </fieldset>
      <fieldset class="card">
        <legend>Languages</legend>
        ${locales.map(
          (locale) => html`<div>
            <input type="checkbox" id="locale-${locale}" name="locales" value=${locale}
              .checked=${s.locales.includes(locale)} />
            <label for="locale-${locale}" class="inline">${locale}</label>
          </div>`,
        )}
        <label for="defaultLocale">Default language</label>
        <select id="defaultLocale" name="defaultLocale">
          ${locales.map((locale) => html`<option .selected=${s.defaultLocale === locale}>${locale}</option>`)}
        </select>
      </fieldset>
      <fieldset class="card">
        <legend>Lifetimes and limits</legend>
        <div class="row">
          ${numberFields.map(
            ([name, label, hint]) => html`<div>
              <label for=${name}>${label}</label>
              <input id=${name} name=${name} type="number" inputmode="numeric"
                .value=${String(s[name])} aria-describedby="${name}-hint" />
              <p class="hint" id="${name}-hint">${hint}</p>
            </div>`,
          )}
        </div>
        <label for="evidenceIp">Client IP in records</label>
        <select id="evidenceIp" name="evidenceIp">
          <option value="truncate" .selected=${s.evidenceIp === 'truncate'}>Network only (/24, /48)</option>
          <option value="hash" .selected=${s.evidenceIp === 'hash'}>Keyed hash</option>
        </select>
      </fieldset>
      <fieldset class="card">
        <legend>Turnstile</legend>
        <p class="hint">${s.turnstileEnabled ? 'Turnstile is on.' : 'Turnstile is off.'}</p>
        <label for="turnstileSecret">New Turnstile secret</label>
        <input id="turnstileSecret" name="turnstileSecret" type="password" autocomplete="off"
          aria-describedby="turnstile-hint" />
        <p class="hint" id="turnstile-hint">Leave empty to keep the current one. It is never shown again.</p>
        ${
          s.turnstileEnabled
            ? html`<div><input type="checkbox" id="turnstileOff" name="turnstileOff" />
              <label for="turnstileOff" class="inline">Turn Turnstile off</label></div>`
            : nothing
        }
      </fieldset>
      <div class="actions"><button type="submit">Save settings</button></div>
      <p role="status" class="status ${this.saved?.ok === false ? 'error' : ''}">${this.saved?.text ?? ''}</p>
    </form>`;
  }
}

customElements.define('console-settings', SettingsView);
