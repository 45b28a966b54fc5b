export {
  type Cell,
  type ImportAdapter,
  importAdapters,
  type SourceField,
} from './adapters/index.js';
export { CsvRecordSplitter, detectDelimiter, parseCsv, parseCsvRecord } from './csv.js';
export { signetImportRowJsonSchema } from './json-schema.js';
export { type ReportedTime, reportedTime } from './reported-time.js';
export { type ImportBody, type ImportRow, type RowOutcome, readImportBody } from './rows.js';
export {
  type SiteExportRowsSummary,
  siteExportImportRows,
} from './site-export-rows.js';
