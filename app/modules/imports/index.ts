/**
 * Bulk import (批量导入) of enterprises, banks, loan products and letters of
 * intent from XLSX or CSV: templates, dry run, all-or-nothing commit,
 * idempotent by key. See docs/decisions/020-bulk-import.md.
 */
export { IMPORT_KINDS, ROW_KINDS, isImportKind } from './types';
export type { ColumnDef, FileProblem, ImportActor, ImportKind, ImportReport, RowError, RowKind, SectionSummary } from './types';
export { MAX_DATA_ROWS, MAX_UPLOAD_BYTES, ImportFileError, readSpreadsheet, parseCsv, decodeText, sniff, cellText } from './parse.server';
export { mapHeader, normHeader, parseDateText, templateHeader } from './columns';
export {
  HANDLERS,
  MAX_REPORTED_ERRORS,
  commitUpload,
  dryRunUpload,
  isUploadToken,
  recentImports,
  runImport,
  type ImportHistoryItem,
  type Upload,
} from './import.server';
export { TEMPLATE_FORMATS, buildTemplate, csvTemplate, type TemplateFile, type TemplateFormat } from './templates.server';
export { ENTERPRISE_COLUMNS, enterpriseRowSchema } from './enterprises.server';
export { BANK_COLUMNS, bankRowSchema } from './banks.server';
export { PRODUCT_COLUMNS, productRowSchema } from './products.server';
export { AGREEMENT_COLUMNS, agreementRowSchema } from './agreements.server';
