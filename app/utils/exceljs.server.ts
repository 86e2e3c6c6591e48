/**
 * exceljs, required on first use. Importing it when a route module loads cost every
 * server start and cold worker ~0.4 s, though most never read or write a workbook;
 * the lint forbids importing it elsewhere in app/. Use it as the package's default
 * export (`new ExcelJS.Workbook()`), and take its types from here.
 */
import { createRequire } from 'node:module';
import type ExcelJSModule from 'exceljs';

export type { Fill, Workbook, Worksheet } from 'exceljs';

const require = createRequire(import.meta.url);
let loaded: typeof ExcelJSModule | null = null;

const ExcelJS: typeof ExcelJSModule = new Proxy({} as typeof ExcelJSModule, {
  get: (_target, key) => Reflect.get((loaded ??= require('exceljs') as typeof ExcelJSModule), key),
});

export default ExcelJS;
