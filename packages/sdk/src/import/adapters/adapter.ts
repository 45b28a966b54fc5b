import type { ImportFormat } from '../../contract/imports.js';

/** What Signet reads from a row, whatever the source calls its columns. */
export const sourceFields = [
  'email',
  'purpose',
  'optInAt',
  'optInIp',
  'confirmedAt',
  'confirmedIp',
  'form',
  'wordingText',
  'wordingVersion',
  'originalOrigin',
  'originalSite',
  'originalId',
  'originalHash',
  'originalKid',
] as const;
export type SourceField = (typeof sourceFields)[number];

/** One cell by the column name the file uses (any case); null when the file has no such column. */
export type Cell = (column: string) => string | null;

/**
 * One source format: the system it names in the record, the columns it reads each field from
 * (the first present wins, compared without case), and whether a row is a subscribed person at
 * all (an export can hold unsubscribed or unconfirmed ones). One file per format, so another
 * (Signet's whole-site export) plugs in beside these.
 */
export interface ImportAdapter {
  format: ImportFormat;
  system: string;
  columns: Partial<Record<SourceField, readonly string[]>>;
  subscribed?: (cell: Cell) => boolean;
  /**
   * The columns `subscribed` reads: a file with none of them does not say who left, and each of
   * its rows counts as subscribed, so the CLI warns before sending it.
   */
  statusColumns?: readonly string[];
}
