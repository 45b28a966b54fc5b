import type { Jwks, Locale } from '@signet/sdk';
import { css, html, LitElement } from 'lit';
import { resolveLocale } from '../i18n/strings.js';
import { receiptStrings } from './receipt-strings.js';

type Outcome = { kind: 'idle' | 'checking' } | { kind: 'valid' | 'invalid'; text: string };

/**
 * "Check a receipt" (P6): verifies a receipt file the person chooses, in the browser with
 * WebCrypto Ed25519, and says the result in a live region. The verifier (with its validator)
 * loads only when a file is chosen, so the preferences page does not carry it. With an endpoint
 * whose JWKS it can read, it also says whether the key inside is the published one.
 *
 * @tagname signet-receipt-check
 */
export class SignetReceiptCheck extends LitElement {
  static override styles = css`
    :host { display: block; }
    label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
    h2 { font-size: 1.2em; margin: 0 0 0.75rem; }
    .valid, .invalid { font-weight: 600; }
  `;

  static override properties = { endpoint: { type: String }, outcome: { state: true } };

  /** Base URL of the Signet API whose published keys the receipt's key is compared with. */
  declare endpoint: string;
  declare outcome: Outcome;

  constructor() {
    super();
    this.endpoint = '';
    this.outcome = { kind: 'idle' };
  }

  get #t() {
    const locale: Locale = resolveLocale(
      this.lang,
      document.documentElement.lang,
      navigator.language,
    );
    return receiptStrings[locale];
  }

  async #published(): Promise<Jwks | undefined> {
    try {
      const base = (this.endpoint || location.origin).replace(/\/+$/, '');
      const response = await fetch(`${base}/.well-known/jwks.json`);
      return response.ok ? ((await response.json()) as Jwks) : undefined;
    } catch {
      return undefined;
    }
  }

  async #check(event: Event) {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    const t = this.#t;
    this.outcome = { kind: 'checking' };
    let receipt: unknown;
    try {
      receipt = JSON.parse(await file.text());
    } catch {
      this.outcome = { kind: 'invalid', text: t.unreadable };
      return;
    }
    const { verifyReceipt } = await import('@signet/sdk/verify');
    const offline = await verifyReceipt(receipt);
    if (!offline.ok) {
      this.outcome = { kind: 'invalid', text: t.invalid(offline.reason) };
      return;
    }
    const jwks = await this.#published();
    const online = jwks ? await verifyReceipt(receipt, { jwks }) : offline;
    const { purpose, piiControllers } = receipt as {
      purpose: { label: string };
      piiControllers: { partyName: string }[];
    };
    const valid = t.valid(purpose.label, piiControllers[0]?.partyName ?? '');
    this.outcome = online.ok
      ? { kind: 'valid', text: jwks ? `${valid} ${t.validPublished}` : valid }
      : { kind: 'invalid', text: t.invalid(online.reason) };
  }

  override render() {
    const t = this.#t;
    const { outcome } = this;
    const text = outcome.kind === 'checking' ? t.checking : 'text' in outcome ? outcome.text : '';
    return html`<h2 id="check">${t.checkTitle}</h2>
      <p>${t.checkIntro}</p>
      <label for="receipt-file">${t.file}</label>
      <input id="receipt-file" type="file" accept="application/json,.json" @change=${this.#check} />
      <p role="status" aria-live="polite" class=${outcome.kind}>${text}</p>`;
  }
}

if (!customElements.get('signet-receipt-check')) {
  customElements.define('signet-receipt-check', SignetReceiptCheck);
}

declare global {
  interface HTMLElementTagNameMap {
    'signet-receipt-check': SignetReceiptCheck;
  }
}
