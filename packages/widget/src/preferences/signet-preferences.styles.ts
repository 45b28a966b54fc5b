import { css, unsafeCSS } from 'lit';
import { formStyles } from '../form/signet-form.styles.js';

/** The form's look (same custom properties and parts), plus the lists of the preferences page. */
export const preferencesStyles = [
  unsafeCSS(formStyles),
  css`
    h2 { font-size: 1.2em; margin: 0 0 0.75rem; }
    h3 { font-size: 1em; margin: 0; }
    section { margin-bottom: 1.5rem; }
    .purposes { list-style: none; padding: 0; margin: 0; }
    .purposes li { border: 1px solid var(--_border); border-radius: var(--_radius); padding: 0.75rem 1rem; margin-bottom: 0.75rem; display: grid; gap: 0.35rem; }
    .row { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; justify-content: space-between; }
    .state { font-size: 0.9em; font-weight: 600; }
    .meta { font-size: 0.9em; color: var(--_muted); margin: 0; }
    .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; }
    button.secondary { background: transparent; color: var(--_accent); border: 1px solid var(--_accent); }
    button.danger { background: var(--_danger); color: var(--_on-accent); }
    dl.contact { display: grid; grid-template-columns: minmax(0, max-content) minmax(0, 1fr); gap: 0.25rem 1rem; margin: 0; }
    dl.contact dt { font-weight: 600; }
    /* A long address (even masked) wraps instead of widening the card past a 375 px screen. */
    dl.contact dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
    .signed-in { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; justify-content: space-between; margin: 0.75rem 0 1.5rem; }
    .last-purpose { border-left: 3px solid var(--_danger); padding-left: 0.75rem; display: grid; gap: 0.35rem; }
    .last-purpose p { margin: 0; }
    ol.history { margin: 0; padding-left: 1.25rem; font-size: 0.9em; color: var(--_muted); }
  `,
];
