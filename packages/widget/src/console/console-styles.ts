import { css } from 'lit';

/** One look for the shell and every view: system font, clear focus, contrast in both schemes. */
export const consoleStyles = css`
  :host {
    display: block;
    /* It has dark colours of its own, so the form's preview inside may follow them. */
    color-scheme: light dark;
    color: #1b1b1f;
    --accent: #1a56db;
    --danger: #b42318;
    --muted: #4b5563;
    --border: #d1d5db;
    --surface: #f3f4f6;
    --ok: #166534;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      color: #eeeeee;
      --accent: #8ab4ff;
      --danger: #ff9b8f;
      --muted: #c2c7d0;
      --border: #4b5563;
      --surface: #2a2a30;
      --ok: #86efac;
    }
  }
  h1 { font-size: 1.4rem; margin: 0 0 0.25rem; }
  h2 { font-size: 1.2rem; margin: 0 0 1rem; }
  h3 { font-size: 1.05rem; margin: 1.25rem 0 0.5rem; }
  h2:focus { outline: none; }
  a { color: var(--accent); }
  a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible,
  textarea:focus-visible, summary:focus-visible {
    outline: 3px solid #f59e0b;
    outline-offset: 2px;
  }
  button {
    font: inherit;
    padding: 0.45rem 0.9rem;
    border-radius: 6px;
    border: 1px solid var(--accent);
    background: var(--accent);
    color: #fff;
    cursor: pointer;
  }
  @media (prefers-color-scheme: dark) {
    button { color: #111114; }
  }
  button.secondary { background: transparent; color: var(--accent); }
  button.danger { background: var(--danger); border-color: var(--danger); }
  button[disabled] { opacity: 0.6; cursor: progress; }
  label { display: block; font-weight: 600; margin: 0.75rem 0 0.25rem; }
  input, select, textarea {
    font: inherit;
    color: inherit;
    background: transparent;
    border: 1px solid var(--muted);
    border-radius: 6px;
    padding: 0.4rem 0.5rem;
    box-sizing: border-box;
  }
  input[type='checkbox'] { width: auto; }
  input:not([type='checkbox']), select, textarea { width: 100%; max-width: 32rem; }
  textarea { min-height: 4.5rem; }
  .hint { color: var(--muted); font-size: 0.9rem; margin: 0.2rem 0 0; }
  .row { display: flex; gap: 0.75rem; flex-wrap: wrap; align-items: end; }
  .row > * { flex: 1 1 12rem; }
  .actions { display: flex; gap: 0.5rem; flex-wrap: wrap; margin-top: 1rem; }
  .status { margin: 0.75rem 0; }
  .error { color: var(--danger); }
  .ok { color: var(--ok); }
  table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
  caption { text-align: left; font-weight: 600; margin-bottom: 0.5rem; }
  th, td { text-align: left; padding: 0.4rem 0.5rem; border-bottom: 1px solid var(--border); vertical-align: top; }
  code, pre { font-family: ui-monospace, monospace; font-size: 0.85rem; }
  pre { white-space: pre-wrap; word-break: break-word; background: var(--surface); padding: 0.75rem; border-radius: 6px; }
  .card { border: 1px solid var(--border); border-radius: 8px; padding: 1rem; margin: 1rem 0; }
  label.inline { display: inline; font-weight: normal; margin: 0 0 0 0.35rem; }
  fieldset { border: 1px solid var(--border); border-radius: 8px; }
  legend { font-weight: 700; padding: 0 0.25rem; }
  .inline-form { display: flex; gap: 0.35rem; align-items: center; }
  .inline-form input { width: 6rem; }
  .actions-cell { display: flex; gap: 0.35rem; flex-wrap: wrap; }
  .diff { background: var(--surface); padding: 0.5rem; border-radius: 6px; margin: 0.35rem 0 0; }
  ins { background: #dcfce7; color: #14532d; text-decoration: underline; }
  del { background: #fee2e2; color: #7f1d1d; text-decoration: line-through; }
  .sr-only {
    position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
    overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0;
  }
  .chart { width: 100%; max-width: 48rem; height: auto; }
  .legend { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; list-style: none; padding: 0; margin: 0.25rem 0 0.75rem; }
  .legend svg { vertical-align: baseline; }
  /* Positioned, so that the visually hidden text of a button inside scrolls with it, not the page. */
  .scroll { overflow-x: auto; max-width: 100%; position: relative; }
  /* An address is one long word: it breaks anywhere rather than widen a phone's page. */
  .contact { overflow-wrap: anywhere; }
  .secret { font-family: ui-monospace, monospace; background: var(--surface); padding: 0.5rem; word-break: break-all; }
`;
