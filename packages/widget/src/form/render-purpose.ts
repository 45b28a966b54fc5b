import type { FormConfig, FormPurpose } from '@signet/sdk';
import { html } from 'lit/html.js';
import type { FormStrings } from '../i18n/strings.js';

/**
 * One purpose: its own unticked box (C1, C2), its label, and the information a person needs
 * before ticking it (C4) in a disclosure tied to the box with aria-describedby.
 */
export function renderPurpose(
  purpose: FormPurpose,
  config: FormConfig,
  t: FormStrings,
  checked: boolean,
  onToggle: (id: string, checked: boolean) => void,
) {
  const id = `purpose-${purpose.id}`;
  const { wording } = purpose;
  return html`<div class="purpose" part="purpose">
    <input
      type="checkbox"
      id=${id}
      name="purposes"
      value=${purpose.id}
      .checked=${checked}
      aria-describedby="${id}-why"
      @change=${(event: Event) => onToggle(purpose.id, (event.target as HTMLInputElement).checked)}
    />
    <label for=${id}>${wording.label}</label>
    <p class="why" id="${id}-why">${wording.purpose}</p>
    <details class="details" part="details">
      <summary>${t.details}</summary>
      <dl>
        <div><dt>${t.whatLabel}:</dt> <dd>${wording.processed}</dd></div>
        <div><dt>${t.whyLabel}:</dt> <dd>${wording.purpose}</dd></div>
        <div><dt>${t.howLongLabel}:</dt> <dd>${wording.retention}</dd></div>
        <div><dt>${t.whoLabel}:</dt> <dd>${config.controller.name} (${config.controller.contact})</dd></div>
        <div><dt>${t.withdrawLabel}:</dt> <dd>${wording.withdrawal}</dd></div>
      </dl>
      <a href=${config.privacyPolicyUrl} target="_blank" rel="noopener">${t.privacyPolicy}</a>
    </details>
  </div>`;
}
