// vanilla-cookieconsent 3 as its getting-started guide sets it up (the stylesheet in the page,
// this module calling run()), with the same two purposes and texts as Signet's demo site. The
// category checkboxes live in the preferences modal, so the page opens it at once.
import * as CookieConsent from '/cookieconsent/cookieconsent.esm.js';

const privacy = '<a href="https://demo-shop.example/datenschutz">Privacy policy</a>';

CookieConsent.run({
  // The bench's browser is automated (navigator.webdriver); by default the plugin hides itself
  // from such browsers and would never render.
  hideFromBots: false,
  autoShow: false,
  categories: { newsletter: {}, 'prize-draw': {} },
  language: {
    default: 'en',
    translations: {
      en: {
        consentModal: {
          title: 'Stay in touch',
          description: 'Choose what you would like to hear from us about.',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          showPreferencesBtn: 'Choose',
        },
        preferencesModal: {
          title: 'Your choices',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          savePreferencesBtn: 'Save my choices',
          closeIconLabel: 'Close',
          sections: [
            {
              title: 'Yes, I want to receive the Demo Shop newsletter by email.',
              description:
                'Monthly information about new products and offers by email. Processed: your email address and the time of your consent. Kept until you withdraw your consent. Withdraw at any time via the unsubscribe link in every email or on your preferences page, without giving reasons.',
              linkedCategory: 'newsletter',
            },
            {
              title: 'I want to take part in the prize draw and be told by email if I win.',
              description:
                'Running the prize draw and notifying the winners. Processed: your email address. Kept until the prize draw ends; then the address is deleted. Withdraw at any time on your preferences page; you then no longer take part.',
              linkedCategory: 'prize-draw',
            },
            {
              title: 'Who is responsible',
              description: `Demo Shop GmbH, Musterstraße 1, 10115 Berlin (datenschutz@demo-shop.example). ${privacy}`,
            },
          ],
        },
      },
    },
  },
}).then(() => CookieConsent.showPreferences());
