import { type Result, signetError } from '@signet/sdk';
import type { CurrentPurpose } from '../store/purposes.js';

export interface SelectionInput {
  purposes: { id: string; wordingVersion: string }[];
  phone?: string | undefined;
}

const needsPhone = new Set(['sms', 'phone']);

/**
 * Checks the chosen purposes against what the form shows now (C2, C4) and the contact fields
 * against what those purposes need (C3): a phone number exactly when an SMS or phone purpose is
 * chosen, and never otherwise. Without an SMS transport no SMS or phone purpose can be chosen:
 * only an SMS to the number can prove its holder agreed (C5).
 */
export function selectPurposes(
  input: SelectionInput,
  current: CurrentPurpose[],
  smsAvailable: boolean,
): Result<CurrentPurpose[]> {
  const byId = new Map(current.map((purpose) => [purpose.id, purpose]));
  const chosen: CurrentPurpose[] = [];
  for (const [index, requested] of input.purposes.entries()) {
    const purpose = byId.get(requested.id);
    if (!purpose) {
      const message = `The site has no current purpose "${requested.id}"`;
      return { ok: false, error: signetError('unknown_purpose', message, `purposes.${index}.id`) };
    }
    if (purpose.wordingVersion !== requested.wordingVersion) {
      const message = `The wording shown for "${requested.id}" is not the current one; reload the form`;
      const field = `purposes.${index}.wordingVersion`;
      return { ok: false, error: signetError('outdated_wording', message, field) };
    }
    if (needsPhone.has(purpose.channel) && !smsAvailable) {
      const message = `"${requested.id}" is confirmed by SMS, and this service has no SMS provider configured`;
      return {
        ok: false,
        error: signetError('sms_not_configured', message, `purposes.${index}.id`),
      };
    }
    if (purpose.channel === 'post') {
      const message = `"${requested.id}" is a postal purpose, which needs a postal address; Signet does not collect those`;
      return { ok: false, error: signetError('invalid_input', message, `purposes.${index}.id`) };
    }
    chosen.push(purpose);
  }
  const phoneNeeded = chosen.some((purpose) => needsPhone.has(purpose.channel));
  if (phoneNeeded && !input.phone) {
    const message = 'An SMS or phone purpose was chosen: a phone number is required';
    return { ok: false, error: signetError('invalid_input', message, 'phone') };
  }
  if (!phoneNeeded && input.phone) {
    const message = 'No SMS or phone purpose was chosen: leave out the phone number';
    return { ok: false, error: signetError('invalid_input', message, 'phone') };
  }
  return { ok: true, value: chosen };
}
