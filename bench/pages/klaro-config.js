// Klaro 0.7 as its documentation embeds it (a global config read by klaro.js through the
// script tag's data-config), with the same two purposes and texts as Signet's demo site.
// mustConsent opens the consent manager, with its checkboxes, at once; groupByPurpose: false
// lists each purpose with its title and text (grouped, the texts sit one click away).
window.klaroConfig = {
  version: 1,
  lang: 'en',
  mustConsent: true,
  groupByPurpose: false,
  acceptAll: true,
  translations: {
    en: {
      privacyPolicyUrl: 'https://demo-shop.example/datenschutz',
      consentModal: {
        title: 'Your choices',
        description:
          'Demo Shop GmbH, Musterstraße 1, 10115 Berlin (datenschutz@demo-shop.example) asks for your consent to the following.',
      },
      newsletter: {
        title: 'Yes, I want to receive the Demo Shop newsletter by email.',
        description:
          'Monthly information about new products and offers by email. Processed: your email address and the time of your consent. Kept until you withdraw your consent. Withdraw at any time via the unsubscribe link in every email or on your preferences page, without giving reasons.',
      },
      'prize-draw': {
        title: 'I want to take part in the prize draw and be told by email if I win.',
        description:
          'Running the prize draw and notifying the winners. Processed: your email address. Kept until the prize draw ends; then the address is deleted. Withdraw at any time on your preferences page; you then no longer take part.',
      },
      purposes: { newsletter: 'Newsletter', 'prize-draw': 'Prize draw' },
    },
  },
  services: [
    { name: 'newsletter', purposes: ['newsletter'] },
    { name: 'prize-draw', purposes: ['prize-draw'] },
  ],
};
