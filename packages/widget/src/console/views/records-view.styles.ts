import { css } from 'lit';

/**
 * The records list as a table on a wide screen and one card per record on a phone (375 px), so
 * that nothing scrolls sideways. The cells keep their roles (set in the template) when they are
 * blocks, and each shows its column's name, hidden from screen readers that read the header.
 */
export const recordsStyles = css`
  .cell-label { display: none; }
  td { overflow-wrap: anywhere; }
  @media (max-width: 40rem) {
    table.records thead {
      position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0, 0, 0, 0);
    }
    table.records, table.records tbody, table.records tr, table.records td { display: block; }
    table.records tr {
      border: 1px solid var(--border); border-radius: 8px; margin: 0 0 0.75rem; padding: 0.35rem 0;
    }
    table.records td { display: flex; gap: 0.5rem; border: 0; padding: 0.2rem 0.75rem; }
    table.records .cell-label { display: block; flex: 0 0 6.5rem; font-weight: 600; }
  }
`;
