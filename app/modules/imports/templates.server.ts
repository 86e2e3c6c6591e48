/**
 * Downloadable templates: per kind an XLSX (data sheet with the Chinese headers,
 * required ones marked `*`, one example row to replace, drop-downs for short
 * code lists, and a 填写说明 sheet describing every column) or a CSV (UTF-8 with
 * BOM so that Excel opens it correctly; header and example row). The workbook
 * kind has one data sheet per kind, in the order they are imported.
 */
import ExcelJS, { type Fill, type Workbook } from '~/utils/exceljs.server';
import { dictionaries } from '~/i18n/dictionaries.server';
import { columnLabelZh, templateHeader } from './columns';
import { HANDLERS } from './import.server';
import { WORKBOOK_KINDS, type ColumnDef, type ImportKind, type KindHandler } from './types';

export const TEMPLATE_FORMATS = ['xlsx', 'csv'] as const;
export type TemplateFormat = (typeof TEMPLATE_FORMATS)[number];

const zh = (key: string) => (dictionaries['zh-CN'] as Record<string, string>)[key] ?? key;

export interface TemplateFile {
  body: Uint8Array;
  /** Chinese file name */
  fileName: string;
  /** ASCII fallback for old clients */
  asciiName: string;
  contentType: string;
}

function handlersOf(kind: ImportKind): KindHandler[] {
  return kind === 'workbook' ? WORKBOOK_KINDS.map((k) => HANDLERS[k]) : [HANDLERS[kind]];
}

/** One CSV field, quoted when needed. */
export function csvField(v: string): string {
  return /[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvTemplate(columns: readonly ColumnDef[]): string {
  const lines = [columns.map((c) => csvField(templateHeader(c))), columns.map((c) => csvField(c.example))];
  return `\uFEFF${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}

const HEADER_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDBEAFE' } };

function addDataSheet(wb: Workbook, h: KindHandler) {
  const ws = wb.addWorksheet(h.sheetNames[0], { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = h.columns.map((c) => ({
    key: c.key,
    width: Math.min(40, Math.max(12, columnLabelZh(c).length * 2 + 4, c.example.length + 4)),
  }));
  const header = ws.addRow(h.columns.map((c) => templateHeader(c)));
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle' };
  });
  const example = ws.addRow(h.columns.map((c) => c.example));
  example.font = { italic: true, color: { argb: 'FF64748B' } };
  h.columns.forEach((c, i) => {
    const column = ws.getColumn(i + 1);
    // codes keep their leading zeros and digits: text cells
    column.numFmt = '@';
    if (c.choices?.length) {
      for (let r = 2; r <= 1000; r++) {
        ws.getCell(r, i + 1).dataValidation = {
          type: 'list',
          allowBlank: !c.required,
          formulae: [`"${c.choices.join(',')}"`],
          showErrorMessage: false,
        };
      }
    }
  });
}

function addNotesSheet(wb: Workbook, handlers: KindHandler[]) {
  const ws = wb.addWorksheet('填写说明');
  ws.columns = [{ width: 14 }, { width: 24 }, { width: 8 }, { width: 70 }, { width: 28 }];
  ws.addRow([zh('imports.template.notesTitle')]).font = { bold: true, size: 13 };
  for (const line of zh('imports.template.notesIntro').split('\n')) ws.addRow([line]);
  ws.addRow([]);
  const head = ws.addRow([
    zh('imports.template.col.sheet'),
    zh('imports.template.col.column'),
    zh('imports.template.col.required'),
    zh('imports.template.col.note'),
    zh('imports.template.col.example'),
  ]);
  head.font = { bold: true };
  head.eachCell((cell) => (cell.fill = HEADER_FILL));
  for (const h of handlers) {
    for (const c of h.columns) {
      const row = ws.addRow([
        h.sheetNames[0],
        columnLabelZh(c),
        c.required ? zh('imports.template.yes') : zh('imports.template.no'),
        zh(c.noteKey),
        c.example,
      ]);
      row.getCell(4).alignment = { wrapText: true, vertical: 'top' };
    }
  }
}

export async function buildTemplate(kind: ImportKind, format: TemplateFormat): Promise<TemplateFile | null> {
  const handlers = handlersOf(kind);
  const base = zh(`imports.kind.${kind}`);
  if (format === 'csv') {
    if (handlers.length !== 1) return null;
    return {
      body: new TextEncoder().encode(csvTemplate(handlers[0].columns)),
      fileName: `${base}导入模板.csv`,
      asciiName: `finmatch-${kind}-template.csv`,
      contentType: 'text/csv; charset=utf-8',
    };
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Finmatch';
  wb.created = new Date();
  for (const h of handlers) addDataSheet(wb, h);
  addNotesSheet(wb, handlers);
  const buffer = await wb.xlsx.writeBuffer();
  return {
    body: new Uint8Array(buffer as ArrayBuffer),
    fileName: `${base}导入模板.xlsx`,
    asciiName: `finmatch-${kind}-template.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  };
}
