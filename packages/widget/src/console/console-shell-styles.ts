import { css } from 'lit';

/** The shell: a header with the site and sign-out, the task list, then the open task. */
export const shellStyles = css`
  .top { display: flex; justify-content: space-between; align-items: start; gap: 1rem; flex-wrap: wrap; }
  .top-actions { display: flex; align-items: end; gap: 1rem; flex-wrap: wrap; }
  .language label { margin-top: 0; }
  nav ul {
    list-style: none;
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
    padding: 0.5rem 0;
    margin: 0.5rem 0 1.5rem;
    border-bottom: 1px solid var(--border);
  }
  nav a { display: inline-block; padding: 0.25rem 0; }
  nav a[aria-current='page'] { font-weight: 700; text-decoration-thickness: 3px; }
`;
