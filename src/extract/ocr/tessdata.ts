// The one folder tesseract.js reads language data from (`langPath`), built from the npm
// packages @tesseract.js-data/chi_sim and @tesseract.js-data/eng. tesseract.js takes a single
// folder, and without a local one it downloads from a CDN at run time (and a failed download
// kills the process from inside the worker), so the folder must exist before any worker starts.

import { createRequire } from 'node:module';
import { copyFileSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';

/** Languages the OCR reads: chi_sim for Chinese, eng for figures (pool.ts). */
export const OCR_LANGS = ['chi_sim', 'eng'] as const;
/** The LSTM-only integer models: small, and what the LSTM-only wasm core can load. */
const MODEL_DIR = '4.0.0_best_int';

let cached: string | null = null;

/** Path of the packaged `<lang>.traineddata.gz`; throws naming the missing package. */
export function packagedModel(lang: string): string {
  const require = createRequire(import.meta.url);
  let pkgJson: string;
  try {
    pkgJson = require.resolve(`@tesseract.js-data/${lang}/package.json`);
  } catch {
    throw new Error(`OCR language data missing: install the npm package @tesseract.js-data/${lang} (npm ci)`);
  }
  const file = path.join(path.dirname(pkgJson), MODEL_DIR, `${lang}.traineddata.gz`);
  if (!existsSync(file)) throw new Error(`OCR language data missing: ${file} not found in @tesseract.js-data/${lang}`);
  return file;
}

/**
 * Make (once per process) and return the langPath folder: node_modules/.cache/yusuan-tessdata
 * holding copies of both models. Copies rather than symlinks: tesseract.js reads through
 * fs.readFile either way, but a copy survives `npm ci` replacing the package folder mid-run.
 * Each file is written under a temporary name and renamed, so parallel processes are safe.
 */
export function tessdataDir(): string {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const root = path.dirname(path.dirname(path.dirname(require.resolve('tesseract.js/package.json'))));
  const dir = path.join(root, 'node_modules', '.cache', 'yusuan-tessdata');
  mkdirSync(dir, { recursive: true });
  for (const lang of OCR_LANGS) {
    const src = packagedModel(lang);
    const dst = path.join(dir, `${lang}.traineddata.gz`);
    if (existsSync(dst) && statSync(dst).size === statSync(src).size) continue;
    const tmp = `${dst}.${process.pid}.tmp`;
    copyFileSync(src, tmp);
    renameSync(tmp, dst);
  }
  cached = dir;
  return dir;
}
