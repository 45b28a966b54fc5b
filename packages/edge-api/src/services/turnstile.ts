import { type Result, signetError } from '@signet/sdk';

export const turnstileVerifyUrl = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';

/** Asks Cloudflare whether the Turnstile response is genuine (S4, for sites that enable it). */
export async function verifyTurnstile(
  secret: string,
  token: string | undefined,
  clientIp: string | null,
): Promise<Result<null>> {
  if (!token) {
    const message = 'This site requires a Turnstile check: send turnstileToken';
    return { ok: false, error: signetError('invalid_input', message, 'turnstileToken') };
  }
  const body = new URLSearchParams({ secret, response: token });
  if (clientIp) body.set('remoteip', clientIp);
  try {
    const response = await fetch(turnstileVerifyUrl, { method: 'POST', body });
    const outcome = (await response.json()) as { success?: unknown };
    if (outcome.success === true) return { ok: true, value: null };
  } catch {
    // An unreachable verifier counts as a failed check: the request is not let through.
  }
  const message = 'The Turnstile check failed; please try again';
  return { ok: false, error: signetError('turnstile_failed', message, 'turnstileToken') };
}
