// The script-tag bundle: <signet-form> at once, every other element when a page first uses it.
// First the forms' configuration requests, so that they travel while the rest is evaluated.
import './form/prefetch-forms.js';
import './form/signet-form.js';
import { defineWhenUsed } from './lazy-define.js';

defineWhenUsed('signet-consent-fields', () => import('./consent-fields/signet-consent-fields.js'));
defineWhenUsed('signet-preferences', () => import('./preferences/signet-preferences.js'));
