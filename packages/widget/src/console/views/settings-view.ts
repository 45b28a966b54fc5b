import { locales, type SiteSettings, type SiteSettingsPatch } from '@signet/sdk';
import { html, nothing } from 'lit';
import { ConsoleView, errorText } from '../console-view.js';
import { download } from '../download.js';
import { t } from '../i18n/console-locale.js';

const lines = (text: FormDataEntryValue | null) =>
  String(text ?? '')
    .split(/\s*\n\s*/)
    .map((line) => line.trim())
    .filter(Boolean);

const numberFields = [
  'confirmTokenTtlSeconds',
  'unconfirmedRetentionDays',
  'addressLimitPerDay',
  'clientLimitPerHour',
  'messagesPerDay',
  'smsPerDay',
] as const;

/**
 * Settings: the site's origins, controller, privacy link, locales, lifetimes, limits, Turnstile,
 * and the systems that must acknowledge withdrawals (A5).
 */
export default class SettingsView extends ConsoleView {
  static override properties = {
    ...ConsoleView.properties,
    settings: { state: true },
    saved: { state: true },
    exported: { state: true },
  };
  settings: SiteSettings | null = null;
  saved: { ok: boolean; text: string } | null = null;
  exported: { ok: boolean; text: string; busy: boolean } | null = null;

  get heading() {
    return t().tasks.settings;
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
      honourSystems: lines(data.get('honourSystems')),
      honourWithinHours: Number(data.get('honourWithinHours')),
    };
    for (const name of numberFields) patch[name] = Number(data.get(name));
    const secret = String(data.get('turnstileSecret') ?? '').trim();
    if (data.get('turnstileOff')) patch.turnstileSecret = null;
    else if (secret) patch.turnstileSecret = secret;
    return patch;
  }

  async #save(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    this.saved = { ok: true, text: t().settings.saving };
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
    this.saved = { ok: true, text: t().settings.saved };
  }

  /**
   * The whole-site export (M2). The browser keeps the file as it arrives; a console session
   * older than 15 minutes is refused by the API and told to sign in again.
   */
  async #downloadEverything() {
    const l = t().settings;
    this.exported = { ok: true, text: l.preparing, busy: true };
    const answer = await this.context.admin.exportSite();
    if (!answer.ok) {
      if (answer.error.code === 'unauthorized') return this.fail(answer.error);
      this.exported = { ok: false, text: errorText(answer.error), busy: false };
      return;
    }
    const name = answer.value.fileName ?? 'signet-site-export.ndjson';
    try {
      const file = await new Response(answer.value.body).blob();
      download(name, 'application/x-ndjson', file);
      this.exported = { ok: true, text: l.downloaded(name), busy: false };
    } catch {
      this.exported = { ok: false, text: t().shell.unreachable, busy: false };
    }
  }

  #renderLeaving() {
    const l = t().settings;
    return html`<section class="card" aria-labelledby="leave-title">
      <h3 id="leave-title">${l.leaveLegend}</h3>
      <p class="hint">${l.leaveHint}</p>
      <div class="actions">
        <button type="button" class="secondary" ?disabled=${this.exported?.busy ?? false}
          @click=${() => this.#downloadEverything()}>${l.downloadEverything}</button>
      </div>
      <p role="status" class="status ${this.exported?.ok === false ? 'error' : ''}">${this.exported?.text ?? ''}</p>
    </section>`;
  }

  protected renderContent() {
    const s = this.settings;
    if (!s) return nothing;
    const l = t().settings;
    return html`<form @submit=${this.#save} novalidate>
      <fieldset class="card">
        <legend>${l.siteLegend}</legend>
        <label for="name">${l.name}</label>
        <input id="name" name="name" .value=${s.name} required />
        <label for="controllerName">${l.controllerName}</label>
        <input id="controllerName" name="controllerName" .value=${s.controllerName} required />
        <label for="controllerContact">${l.controllerContact}</label>
        <input id="controllerContact" name="controllerContact" .value=${s.controllerContact} required />
        <label for="controllerAddress">${l.controllerAddress}</label>
        <input id="controllerAddress" name="controllerAddress" .value=${s.controllerAddress}
          autocomplete="street-address" aria-describedby="address-hint" />
        <p class="hint" id="address-hint">${l.addressHint}</p>
        <label for="timeZone">${l.timeZone}</label>
        <input id="timeZone" name="timeZone" .value=${s.timeZone} required aria-describedby="zone-hint" />
        <p class="hint" id="zone-hint">${l.zoneHint}</p>
        <label for="privacyPolicyUrl">${l.privacyPolicy}</label>
        <input id="privacyPolicyUrl" name="privacyPolicyUrl" type="url" .value=${s.privacyPolicyUrl} required />
      </fieldset>
      <fieldset class="card">
        <legend>${l.whereLegend}</legend>
        <label for="allowedOrigins">${l.allowedOrigins}</label>
        <textarea id="allowedOrigins" name="allowedOrigins" aria-describedby="origins-hint"
          .value=${s.allowedOrigins.join('\n')}></textarea>
        <p class="hint" id="origins-hint">${l.originsHint}</p>
        <label for="ownerEmails">${l.ownerEmails}</label>
        <textarea id="ownerEmails" name="ownerEmails" aria-describedby="owners-hint"
          .value=${s.ownerEmails.join('\n')}></textarea>
        <p class="hint" id="owners-hint">${l.ownersHint}</p>
      </fieldset>
      <fieldset class="card">
        <legend>${l.languages}</legend>
        ${locales.map(
          (locale) => html`<div>
            <input type="checkbox" id="locale-${locale}" name="locales" value=${locale}
              .checked=${s.locales.includes(locale)} />
            <label for="locale-${locale}" class="inline">${locale}</label>
          </div>`,
        )}
        <label for="defaultLocale">${l.defaultLocale}</label>
        <select id="defaultLocale" name="defaultLocale">
          ${locales.map((locale) => html`<option .selected=${s.defaultLocale === locale}>${locale}</option>`)}
        </select>
      </fieldset>
      <fieldset class="card">
        <legend>${l.limitsLegend}</legend>
        <div class="row">
          ${numberFields.map((name) => {
            const [label, hint] = l.numbers[name];
            return html`<div>
              <label for=${name}>${label}</label>
              <input id=${name} name=${name} type="number" inputmode="numeric"
                .value=${String(s[name])} aria-describedby="${name}-hint" />
              <p class="hint" id="${name}-hint">${hint}</p>
            </div>`;
          })}
        </div>
        <label for="evidenceIp">${l.evidenceIp}</label>
        <select id="evidenceIp" name="evidenceIp">
          <option value="truncate" .selected=${s.evidenceIp === 'truncate'}>${l.ipTruncate}</option>
          <option value="hash" .selected=${s.evidenceIp === 'hash'}>${l.ipHash}</option>
        </select>
      </fieldset>
      <fieldset class="card">
        <legend>${l.honourLegend}</legend>
        <label for="honourSystems">${l.honourSystems}</label>
        <textarea id="honourSystems" name="honourSystems" aria-describedby="honour-systems-hint"
          .value=${s.honourSystems.join('\n')}></textarea>
        <p class="hint" id="honour-systems-hint">${l.honourSystemsHint}</p>
        <label for="honourWithinHours">${l.honourWithinHours}</label>
        <input id="honourWithinHours" name="honourWithinHours" type="number" inputmode="numeric"
          .value=${String(s.honourWithinHours)} aria-describedby="honour-within-hint" />
        <p class="hint" id="honour-within-hint">${l.honourWithinHint}</p>
      </fieldset>
      <fieldset class="card">
        <legend>Turnstile</legend>
        <p class="hint">${s.turnstileEnabled ? l.turnstileIsOn : l.turnstileIsOff}</p>
        <label for="turnstileSecret">${l.turnstileSecret}</label>
        <input id="turnstileSecret" name="turnstileSecret" type="password" autocomplete="off"
          aria-describedby="turnstile-hint" />
        <p class="hint" id="turnstile-hint">${l.turnstileHint}</p>
        ${
          s.turnstileEnabled
            ? html`<div><input type="checkbox" id="turnstileOff" name="turnstileOff" />
              <label for="turnstileOff" class="inline">${l.turnstileTurnOff}</label></div>`
            : nothing
        }
      </fieldset>
      <div class="actions"><button type="submit">${l.save}</button></div>
      <p role="status" class="status ${this.saved?.ok === false ? 'error' : ''}">${this.saved?.text ?? ''}</p>
    </form>
    ${this.#renderLeaving()}`;
  }
}

customElements.define('console-settings', SettingsView);
