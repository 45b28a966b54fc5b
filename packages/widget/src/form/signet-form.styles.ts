import { css } from '../signet-element.js';

export const formStyles = css`
  :host {
    display: block;
    font: inherit;
    color: var(--signet-color, inherit);
    /* light-dark() follows the page's color-scheme: dark only when the page says it is dark. */
    --_accent: var(--signet-accent, light-dark(#1a56db, #8ab4ff));
    --_danger: var(--signet-danger, light-dark(#b42318, #ff8a80));
    --_muted: var(--signet-muted, light-dark(#555, #bbb));
    --_radius: var(--signet-radius, 6px);
    --_border: var(--signet-border, light-dark(#c4c4cc, #55555f));
    --_on-accent: var(--signet-on-accent, light-dark(#fff, #0b1b3a));
  }
  :host([theme='dark']) { color-scheme: dark; }
  :host([theme='light']) { color-scheme: light; }
  [hidden] { display: none !important; }
  .reserve { min-height: 12rem; }
  fieldset { border: 1px solid var(--_border); border-radius: var(--_radius); padding: 1rem; margin: 0 0 1rem; }
  /*
   * Two weights of the page's font, its own and bold: a third (500 or 600) is one more font
   * lookup in the form's first layout, about 20 ms of it under 4x CPU throttling (issue 23).
   */
  legend { font-weight: bold; padding: 0 0.25rem; }
  .purpose { display: grid; grid-template-columns: auto 1fr; gap: 0.25rem 0.6rem; margin-bottom: 1rem; }
  .purpose input { width: 1.2rem; height: 1.2rem; margin: 0.15rem 0 0; accent-color: var(--_accent); }
  .why, .details { grid-column: 2; font-size: 0.9em; color: var(--_muted); margin: 0; }
  .details summary { cursor: pointer; list-style: none; }
  .details summary::-webkit-details-marker { display: none; }
  /*
   * The disclosure's chevron is drawn with borders instead of the marker's triangle: in Chromium
   * that marker cost the form's first layout about 18 ms under 4x CPU throttling (issue 23).
   * Borders in currentColor stay visible in forced-colors mode.
   */
  .details summary::before {
    content: '';
    display: inline-block;
    width: 0.35em;
    height: 0.35em;
    border: solid;
    border-width: 0 2px 2px 0;
    margin: 0 0.5em 0.1em 0.1em;
    transform: rotate(-45deg);
  }
  .details[open] summary::before { transform: rotate(45deg); }
  .details dl { margin: 0.25rem 0; }
  .details dt { font-weight: bold; display: inline; }
  .details dd { display: inline; margin: 0 0 0 0.3em; }
  .details div { margin: 0.1rem 0; }
  .phone { display: flex; gap: 0.5rem; }
  .phone input { flex: 1; }
  select { font: inherit; padding: 0.5rem; border: 1px solid var(--_border); border-radius: var(--_radius); background: transparent; color: inherit; }
  .field { display: grid; gap: 0.25rem; margin-bottom: 1rem; }
  .field input { font: inherit; padding: 0.5rem; border: 1px solid var(--_border); border-radius: var(--_radius); background: transparent; color: inherit; }
  .field input[aria-invalid='true'] { border-color: var(--_danger); }
  .hint, .controller { font-size: 0.9em; color: var(--_muted); }
  .error { color: var(--_danger); font-weight: bold; }
  button { font: inherit; padding: 0.6rem 1.2rem; border: 0; border-radius: var(--_radius); background: var(--_accent); color: var(--_on-accent); cursor: pointer; }
  button[disabled] { opacity: 0.7; cursor: progress; }
  @media (prefers-reduced-motion: no-preference) {
    button { transition: opacity 0.15s; }
  }
  button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible, a:focus-visible, [tabindex='-1']:focus-visible {
    outline: 3px solid var(--signet-focus, #f59e0b);
    outline-offset: 2px;
  }
  a, .link { color: var(--_accent); }
  .title { font-weight: bold; font-size: 1.15em; margin: 0 0 0.5rem; }
  .pending { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; }
  .pending .status { flex-basis: 100%; }
  .link { background: none; padding: 0.6rem 0; text-decoration: underline; }
  .status:focus { outline: none; }
`;
