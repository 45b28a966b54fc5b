/** Country calling codes offered next to the phone field; the first matching the locale leads. */
export const countries = [
  { code: 'DE', dial: '49' },
  { code: 'AT', dial: '43' },
  { code: 'CH', dial: '41' },
  { code: 'NL', dial: '31' },
  { code: 'FR', dial: '33' },
  { code: 'IT', dial: '39' },
  { code: 'ES', dial: '34' },
  { code: 'PL', dial: '48' },
  { code: 'GB', dial: '44' },
  { code: 'US', dial: '1' },
] as const;

/**
 * E.164 from what a person types: an international number (+49 151 …, 0049 …) stays as it is,
 * a national one (0151 …) gets the chosen country's code instead of its leading zero.
 */
export function toE164(typed: string, dial: string): string {
  const digits = typed.replace(/[\s()./-]/g, '');
  if (digits.startsWith('+')) return digits;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  return `+${dial}${digits.replace(/^0/, '')}`;
}
