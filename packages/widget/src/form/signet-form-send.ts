import type { ConsentRequestInput, SignetError } from '@signet/sdk';
import { html } from 'lit/html.js';
import type { FormStrings } from '../i18n/strings.js';

// What <signet-form> needs only once a person sends: its own chunk, fetched after the form is
// shown, so that signet.js carries only what the first paint needs (issue 23).
export { requestConsentUnchecked as requestConsent } from '@signet/sdk/first-party';
export { Cooldown } from '../controllers/cooldown.js';

/** The sentence a failed request shows, by what went wrong. */
export function messageFor(error: SignetError, t: FormStrings): string {
  if (error.code === 'outdated_wording') return t.outdated;
  if (error.code === 'rate_limited') return t.rateLimited;
  if (error.code === 'network') return t.network;
  if (error.field === 'email') return t.invalidEmail;
  if (error.field === 'phone') return t.invalidPhone;
  return t.submitFailed;
}

/** "Check your inbox", with "send again" after the cooldown and "wrong address? change it". */
export function renderPending(
  t: FormStrings,
  request: ConsentRequestInput,
  wait: number,
  headingLevel: number,
  onResend: () => void,
  onChangeAddress: () => void,
) {
  // The live region holds the message only: the countdown ticking in the button would be
  // announced every second.
  return html`<div class="pending">
    <div class="status" part="status" role="status" tabindex="-1">
      <p class="title" role="heading" aria-level=${headingLevel}>${t.pendingTitle}</p>
      <p>${t.pendingBody(request.email)}</p>
    </div>
    <button type="button" part="button" ?disabled=${wait > 0} @click=${onResend}>
      ${wait > 0 ? t.resendIn(wait) : t.resend}
    </button>
    <button type="button" part="button" class="link" @click=${onChangeAddress}>
      ${t.changeAddress}
    </button>
  </div>`;
}
