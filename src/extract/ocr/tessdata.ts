// Where the OCR models are: the npm packages @tesseract.js-data/chi_sim and
// @tesseract.js-data/eng, read in place by each engine thread (engine-thread.mjs). Nothing is
// ever downloaded: a missing package is an error that names it.

import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The LSTM-only integer models: small, and what the LSTM-only wasm core can load. */
const MODEL_DIR = '4.0.0_best_int';

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
