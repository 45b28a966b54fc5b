// The script-tag bundle: <signet-form> at once, every other element when a page first uses it.
import './form/signet-form.js';
import { defineWhenUsed } from './lazy-define.js';

defineWhenUsed('signet-consent-fields', () => import('./consent-fields/signet-consent-fields.js'));
defineWhenUsed('signet-preferences', () => import('./preferences/signet-preferences.js'));
