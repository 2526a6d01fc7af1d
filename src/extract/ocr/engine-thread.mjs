// One OCR engine thread: a single tesseract wasm module holding both models (chi_sim and eng)
// as two TessBaseAPI instances in one heap. tesseract.js starts one module per language, and
// each module's heap only grows, to the size of the largest image it has read: two languages
// on two cores made four heaps, about 1 GB. Here the two models share one heap, which peaks
// at the largest single image, so a core costs one heap.
//
// Plain JavaScript, not TypeScript: the thread then starts without the TypeScript loader
// (which would cost every engine thread its own copy of the loader, tens of MB and a second).
// Nothing is ever fetched: the models are read from the npm packages' files, given as paths.
//
// Messages in:  { id, lang: 'chi'|'eng', pgm: Uint8Array, dpi, psm, whitelist, blacklist }
// Messages out: { id, tsv, confidence } or { id, error }

import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { corePath, models } = workerData;
const Core = require(corePath);

/** Set once per API; the rest are set per job. */
const FIXED = {
  // Keep the gaps between words as spaces; cells are rebuilt from boxes anyway.
  preserve_interword_spaces: '1',
  // Tesseract retries every low-confidence line upside down (white on black); printed budget
  // tables have no inverted text, and the retry costs time.
  tessedit_do_invert: '0',
};

const LANG_FILE = { chi: 'chi_sim', eng: 'eng' };

let mod = null;
const apis = {};

async function moduleOnce() {
  if (!mod) {
    mod = await Core({
      // The core prints its warnings (parameters it does not know, resolution estimates)
      // through these; they are noise for a batch run.
      print: () => undefined,
      printErr: () => undefined,
    });
  }
  return mod;
}

/** The API of a language, its model loaded on first use (eng is often never needed). */
async function apiOf(lang) {
  if (apis[lang]) return apis[lang];
  const M = await moduleOnce();
  const name = LANG_FILE[lang];
  if (!name || !models[name]) throw new Error(`no OCR model for ${lang}`);
  try {
    M.FS.stat(`/tessdata/${name}.traineddata`);
  } catch {
    try {
      M.FS.mkdir('/tessdata');
    } catch {
      // exists
    }
    M.FS.writeFile(`/tessdata/${name}.traineddata`, gunzipSync(readFileSync(models[name])));
  }
  const api = new M.TessBaseAPI();
  // OEM 1: LSTM only, the models in best_int.
  if (api.Init('/tessdata', name, 1) !== 0) throw new Error(`OCR engine could not load ${name}`);
  for (const [k, v] of Object.entries(FIXED)) api.SetVariable(k, v);
  // The model file is in the API now; the copy in the virtual file system is not needed.
  M.FS.unlink(`/tessdata/${name}.traineddata`);
  apis[lang] = api;
  return api;
}

async function recognize(job) {
  const M = await moduleOnce();
  const api = await apiOf(job.lang);
  api.SetVariable('user_defined_dpi', String(Math.round(job.dpi)));
  api.SetVariable('tessedit_pageseg_mode', String(job.psm));
  api.SetVariable('tessedit_char_whitelist', job.whitelist || '');
  api.SetVariable('tessedit_char_blacklist', job.blacklist || '');
  M.FS.writeFile('/input', job.pgm);
  try {
    if (api.SetImageFile(1, 0) === 1) throw new Error('OCR engine could not read the image');
    api.Recognize(null);
    const tsv = api.GetTSVText(0) || '';
    const confidence = api.MeanTextConf();
    return { tsv, confidence };
  } finally {
    api.Clear();
    M.FS.unlink('/input');
  }
}

parentPort.on('message', (job) => {
  if (job.type === 'warm') {
    Promise.all(job.langs.map(apiOf)).then(
      () => parentPort.postMessage({ id: job.id, tsv: '', confidence: 0 }),
      (err) => parentPort.postMessage({ id: job.id, error: String(err?.message ?? err) }),
    );
    return;
  }
  recognize(job).then(
    (r) => parentPort.postMessage({ id: job.id, ...r }),
    (err) => parentPort.postMessage({ id: job.id, error: String(err?.message ?? err) }),
  );
});
