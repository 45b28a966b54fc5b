import type { FormConfig } from '@signet/sdk';

export const endpoint = 'https://api.signet.test';

export const demoForm: FormConfig = {
  site: 'demo',
  siteName: 'Demo Shop',
  locale: 'en',
  controller: { name: 'Demo Shop GmbH', contact: 'privacy@demo.test' },
  privacyPolicyUrl: 'https://demo.test/privacy',
  purposes: [
    {
      id: 'newsletter',
      channel: 'email',
      wordingVersion: 'a'.repeat(64),
      wording: {
        locale: 'en',
        label: 'Send me the newsletter',
        processed: 'Your email address',
        purpose: 'Monthly news',
        retention: 'Until you withdraw',
        withdrawal: 'Any time via the link in every email',
      },
    },
    {
      id: 'prize-draw',
      channel: 'email',
      wordingVersion: 'b'.repeat(64),
      wording: {
        locale: 'en',
        label: 'Enter the prize draw',
        processed: 'Your email address',
        purpose: 'Running the draw',
        retention: 'Until the draw ends',
        withdrawal: 'Any time on your preferences page',
      },
    },
  ],
};
