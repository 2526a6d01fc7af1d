// One page image → one OCR'd Page: check for ink, straighten, find and erase ruling lines,
// read the words, then lay them out exactly as the text layer is laid out (ruled grids from
// the rules, aligned grids from word columns, the rest as lines), in PDF points.

import type { Page } from '../../core/types.ts';
import { layoutPage } from '../pdf/index.ts';
import type { Rulings } from '../pdf/rulings.ts';
import { despeckleBilevel, encodePgm, flattenBackground, estimateSkew, inkRatio, isBilevel, median3, otsu, rotate, rotatePoint, type GrayImage } from './image.ts';
import { eraseRulings, findImageRulings, type ImageRulings, type ImageSeg } from './lines.ts';
import type { OcrPool } from './pool.ts';
import type { OcrFinding } from './repair.ts';
import { cleanFolios, dropPhantomQuotes, dropSmudges, parseTsv, placeWords, restoreInequalities, skewFromWords, splitStackedLines, wordsInPoints, wordsToRuns, type OcrWord, type PageWord } from './words.ts';
import { blankBoxes, cellCrops, ruledLayout, type PixBox } from './cells.ts';
import { readingScore, rereadDoubtful } from './reread.ts';
import { clearBorders } from './borders.ts';
import { removeSeals } from './seals.ts';
import { restoreSigns } from './signs.ts';
import { lineOrientation, quarterTurn, uprightTurn } from './orient.ts';
import { LATIN, NOISE_WORD, largeLines, missedLines, readCells, readLarge, shrink, textSize } from './read-cells.ts';

/** What OCR adds to a page: the words with boxes and confidences, and how the image was read. */
export interface OcrInfo {
  readonly dpi: number;
  /** Degrees the image was rotated to straighten it. */
  readonly skew: number;
  /** The scan was turned a quarter first (clockwise or not): boxes are in the turned frame. */
  readonly turned?: 'cw' | 'ccw';
  readonly words: readonly PageWord[];
  /** Mean word confidence (0–100). */
  readonly confidence: number;
  readonly ms: number;
  /** What the checks over the page's grids found and corrected (repair.ts). */
  readonly findings?: readonly OcrFinding[];
}

/** An OCR'd page: a Page (method 'ocr') that also carries its words. */
export interface OcrPage extends Page {
  readonly ocr?: OcrInfo;
}

/** Less ink than this share of the page (after thresholding) is a blank page. */
const BLANK_INK = 0.0005;

/** Rulings in image pixels → the text layer's rulings in points. */
function toPoints(r: ImageRulings, scale: number): Rulings {
  return {
    h: r.h.map((s) => ({ y: s.at * scale, x0: s.from * scale, x1: s.to * scale })),
    v: r.v.map((s) => ({ x: s.at * scale, y0: s.from * scale, y1: s.to * scale })),
    images: 0,
    paintedPaths: 0,
  };
}

export interface PageImageInput {
  readonly number: number;
  readonly image: GrayImage;
  readonly dpi: number;
  /** Warnings to carry onto the page (e.g. a low scan resolution). */
  readonly warnings?: readonly string[];
}

/**
 * OCR one page image with the pool and lay it out. Never throws: failures become warnings.
 *
 * The page is despeckled and straightened (nearest-neighbour: a bilinear turn blurs strokes),
 * its ruling lines found and painted out. Ruled tables are read cell by cell (read-cells.ts:
 * every cell with eng, which reads figures best, then the cells that are not figures with
 * chi_sim). The rest of the page, with the tables blanked and cut to its ink, is read with
 * tesseract's own layout analysis, shrunk when its type is large (textSize); lines of very
 * large type (a cover) are read again shrunk further (readLarge). Cells and the rest go to the
 * pool at once, so one page keeps two workers busy. Finally ≥ and ≤, which the models cannot
 * write, are told from > and < by the bar under them.
 */
export async function ocrPageImage(input: PageImageInput, pool: OcrPool): Promise<OcrPage> {
  const { number, dpi } = input;
  const warnings = [...(input.warnings ?? [])];
  const scale = 72 / dpi;
  // Paper made white and even first (uneven backgrounds, grey paper): every threshold after
  // this, ours and tesseract's, then splits ink from paper.
  let image = process.env.OCR_NOFLAT ? input.image : flattenBackground(input.image, dpi);
  if (image === input.image) image = { ...input.image, data: new Uint8Array(input.image.data) };
  const thr = otsu(image);
  // The scanner's dark borders go first: they are ink to every measure that follows.
  const cleared = clearBorders(image, Math.min(thr, 160));
  if (cleared.some((d) => d > 0)) warnings.push(`scanner border cleared (${cleared.join('/')} px: top/right/bottom/left)`);
  // Seals stamped in grey or black (a colour scan lost its red ones already).
  const seals = removeSeals(image, dpi, Math.min(thr, 160));
  if (seals.length) warnings.push(`${seals.length} seal(s) painted out`);
  if (inkRatio(image, Math.min(thr, 160)) < BLANK_INK) {
    return { number, method: 'ocr', blocks: [], warnings: [...warnings, 'blank page (no ink when rendered)'] };
  }
  // A page fed a quarter turn (a landscape table scanned upright) is turned back first; the
  // page is then laid out in its reading frame.
  let turned: 'cw' | 'ccw' | undefined;
  if (lineOrientation(image, dpi).quarter) {
    const { cw } = await uprightTurn(image, dpi, async (sample) => {
      const r = await pool.recognize({ pgm: encodePgm(sample), dpi: Math.round(dpi / Math.max(1, dpi / 150)), psm: 3, blacklist: LATIN });
      return readingScore(parseTsv(r.tsv));
    });
    image = quarterTurn(image, cw);
    turned = cw ? 'cw' : 'ccw';
    warnings.push(`turned a quarter ${cw ? 'clockwise' : 'counter-clockwise'}: its lines ran down the scan`);
  }
  const { width: iw, height: ih } = image;
  const W = iw * scale;
  const H = ih * scale;
  const skew0 = estimateSkew(image);
  // A 1-bit scan keeps its one-pixel strokes: only lone specks go. Anything else gets the
  // median, against sensor noise and JPEG ringing, unless scanned below 180 dpi: there the
  // strokes of small type are a pixel wide, and a 3×3 median fills the gaps between them
  // (a 150 dpi table's figures read 36% exact with it, 56% without; codes 60% and 92%).
  const clean = isBilevel(image) ? despeckleBilevel(image) : dpi < 180 ? image : median3(image);
  // Below a tenth of a degree a rule drifts less than its own width across a page: no turn.
  let skew = Math.abs(skew0) < 0.1 ? 0 : skew0;
  let straight = skew ? rotate(clean, skew, true) : clean;
  let rul = findRules(straight, dpi, thr);
  let layout = ruledLayout(rul, dpi);
  if (layout.tables.length === 0 && skew !== 0) {
    // No ruled table to confirm the projection's angle, which a sparse page (a cover with two
    // lines of large type) can get wrong by degrees: read the page as scanned and turn the
    // word boxes by the text's own slope instead.
    straight = clean;
    skew = 0;
    rul = findRules(straight, dpi, thr);
    layout = ruledLayout(rul, dpi);
  }
  // Only the rules of tables are erased and passed on: the strokes of large type also make
  // short straight runs, and erasing those would wipe out a cover's title.
  if (process.env.OCRDBG) console.error('LAYOUT skew', skew, 'tables', layout.tables.length, 'cells', layout.cells.length, 'v', rul.v.length, 'vx', rul.v.map((s) => Math.round(s.at) + ':' + Math.round(s.from) + '-' + Math.round(s.to)).join(' '));
  rul = withinTables(rul, layout.tables);
  eraseRulings(straight, rul, 0, thr);
  const crops = layout.cells.length ? cellCrops(straight, layout.cells, thr, Math.max(2, Math.round(dpi / 100))) : [];
  const rest = layout.tables.length ? blankBoxes(straight, layout.tables) : straight;
  try {
    const t0 = performance.now();
    const readRest = async (): Promise<OcrWord[]> => {
      // Only the part of the page that still has ink goes to tesseract (on a table page, the
      // title and captions above the table): its thresholding and layout analysis cost by area.
      const box = inkBox(rest, Math.min(thr, 160));
      if (!box) return [];
      let part = box[2] - box[0] < iw || box[3] - box[1] < ih ? crop(rest, box) : rest;
      // Running text is read shrunk to lines of about 30 pixels: at full size tesseract
      // garbles whole lines of 12- and 14-point prose at 300 dpi (出183.6万元 as 内1836 776);
      // lines of 30 to 35 pixels it reads as well as any size or better, and a quarter faster.
      // Pixels, not points: what tesseract reads well is a size in pixels, whatever the scan's
      // resolution (a 150 dpi scan's prose is read as it is).
      const size = textSize(part, Math.min(thr, 160), straight === clean ? skew0 : 0);
      // (Type taller than a quarter inch, a cover's, is read at full size and its lines again
      // by readLarge.)
      const f = size !== null && size > 36 && size < dpi / 4 ? size / 30 : 1;
      if (f > 1) part = shrink(part, [0, 0, part.width, part.height], f);
      // Latin letters are not in these documents; barred, eng cannot turn a Chinese word into them.
      const r = await pool.recognize({ pgm: encodePgm(part), dpi: Math.round(dpi / f), blacklist: LATIN });
      const ws = splitStackedLines(
        dropPhantomQuotes(
          parseTsv(r.tsv)
          .filter((w) => !NOISE_WORD.test(w.text))
            .map((w) => (part === rest ? w : { ...w, left: w.left * f + box[0], top: w.top * f + box[1], width: w.width * f, height: w.height * f })),
          rest,
          Math.min(thr, 160),
        ),
      );
      // Lines of type taller than a quarter inch are read again, shrunk (see readLarge).
      const large = largeLines(ws, Math.round(dpi / 4));
      let out = ws;
      if (large.length) {
        const again = await readLarge(pool, rest, large.map((l) => l.box), dpi, thr);
        // Each line keeps its better reading: shrunk, large type is often read right where the
        // page read misread it (倡州市求楼 for 福州市鼓楼), but not always (a heading's 部门 lost).
        const inBox = (w: OcrWord, b: PixBox): boolean => {
          const cx = w.left + w.width / 2;
          const cy = w.top + w.height / 2;
          return cx >= b[0] - 4 && cx <= b[2] + 4 && cy >= b[1] - 4 && cy <= b[3] + 4;
        };
        const replaced = new Set<OcrWord>();
        const added: OcrWord[] = [];
        for (const l of large) {
          const mine = again.filter((w) => inBox(w, l.box));
          if (mine.length && readingScore(mine) >= readingScore(l.words)) {
            for (const w of l.words) replaced.add(w);
            added.push(...mine);
          }
        }
        out = [...ws.filter((w) => !replaced.has(w)), ...added];
      }
      // Lines that dropped characters or were read with little confidence are read again alone.
      out = await rereadDoubtful(pool, rest, out, dpi, Math.min(thr, 160));
      // Lines of ink no word covers (a title the layout analysis passed over) are read alone.
      const missed = missedLines(rest, out, Math.min(thr, 160), dpi);
      // What tesseract passed over is mostly not text (a stamp's rim, the tail of a rule, a page
      // number): only words read with confidence are kept, and no bare page numbers.
      const extra = missed.length ? await readLarge(pool, rest, missed, dpi, thr, { blockOffset: 35_000, asGiven: true }) : [];
      if (process.env.OCRDBG) console.error('W966', JSON.stringify([...ws].filter((w) => /966|货物|0\./u.test(w.text)).map((w) => [w.text, Math.round(w.conf), Math.round(w.left), Math.round(w.top), Math.round(w.width), Math.round(w.height), w.line])));
      if (process.env.OCRDBG) console.error('Q', JSON.stringify([...out, ...extra].filter((w) => /[“”"号]/u.test(w.text)).map((w) => [w.text, w.conf, w.left, w.top, w.width, w.height])));
      return dropPhantomQuotes([...out, ...extra.filter((w) => w.conf >= MISSED_SURE && !/^\d{1,3}$/u.test(w.text))], rest, Math.min(thr, 160));
    };
    const [restWords, cellWords] = await Promise.all([readRest(), crops.length ? readCells(pool, straight, layout.cells, crops, dpi) : Promise.resolve([])]);
    // Tesseract numbers lines per image: the cells' words carry block numbers of their own.
    let words = restoreSigns(restoreInequalities([...splitStackedLines(cleanFolios(dropSmudges(restWords), straight.width, straight.height)), ...cellWords], straight, thr), straight, Math.min(thr, 160));
    if (!layout.tables.length) {
      const textSkew = skewFromWords(words);
      if (textSkew !== null && Math.abs(textSkew) >= 0.05) {
        skew = textSkew;
        words = placeWords(words, (x, y) => rotatePoint(x, y, textSkew, iw, ih));
      }
    }
    const runs = wordsToRuns(words, scale);
    const { blocks, warnings: layoutWarnings } = layoutPage(runs, toPoints(rul, scale), W, H, number);
    warnings.push(...layoutWarnings);
    if (words.length === 0) warnings.push('no text found by OCR');
    const conf = words.length ? words.reduce((a, w) => a + w.conf, 0) / words.length : 0;
    const ocr: OcrInfo = { dpi, skew, ...(turned ? { turned } : {}), words: wordsInPoints(words, scale), confidence: Math.round(conf), ms: Math.round(performance.now() - t0) };
    return { number, method: 'ocr', blocks, ...(warnings.length ? { warnings } : {}), ocr };
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return { number, method: 'ocr', blocks: [], warnings: [...warnings, `OCR failed: ${msg}`] };
  }
}

/**
 * Ruling lines of a page: those dark as ink, and those a scan left light grey (thin rules
 * come out at 180 or 200 where text is 80), looked for at a lighter threshold but kept only
 * when an inch long or more: at that grey the strokes of neighbouring characters join into
 * runs a quarter inch long, never an inch.
 */
function findRules(img: GrayImage, dpi: number, thr: number): ImageRulings {
  const dark = findImageRulings(img, dpi, thr);
  const light = findImageRulings(img, dpi, Math.round(thr + (255 - thr) * 0.45));
  const near = (segs: readonly ImageSeg[], s: ImageSeg): boolean =>
    segs.some((d) => Math.abs(d.at - s.at) <= Math.max(3, d.thickness + s.thickness) && Math.min(d.to, s.to) - Math.max(d.from, s.from) > 0.5 * (s.to - s.from));
  const longNew = (segs: readonly ImageSeg[], have: readonly ImageSeg[]): ImageSeg[] => segs.filter((s) => s.to - s.from >= dpi && !near(have, s));
  return { h: [...dark.h, ...longNew(light.h, dark.h)], v: [...dark.v, ...longNew(light.v, dark.v)] };
}

/** Words read from lines tesseract passed over are kept at this confidence or more. */
const MISSED_SURE = 85;

/** The box around the ink of an image (pixels, with a margin), or null when it has none. */
function inkBox(img: GrayImage, thr: number): PixBox | null {
  const { width: w, height: h, data } = img;
  let x0 = w;
  let x1 = -1;
  let y0 = -1;
  let y1 = -1;
  // Every other row and column: a margin covers what that misses.
  for (let y = 0; y < h; y += 2) {
    const base = y * w;
    let first = -1;
    for (let x = 0; x < w; x += 2) {
      if (data[base + x]! <= thr) {
        first = x;
        break;
      }
    }
    if (first < 0) continue;
    if (y0 < 0) y0 = y;
    y1 = y;
    if (first < x0) x0 = first;
    for (let x = w - 1 - ((w - 1) % 2); x > x1; x -= 2) {
      if (data[base + x]! <= thr) {
        x1 = x;
        break;
      }
    }
  }
  if (y0 < 0) return null;
  const m = 40;
  return [Math.max(0, x0 - m), Math.max(0, y0 - m), Math.min(w, x1 + m), Math.min(h, y1 + m)];
}

/** A copy of a region of an image. */
function crop(img: GrayImage, b: PixBox): GrayImage {
  const w = b[2] - b[0];
  const h = b[3] - b[1];
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) data.set(img.data.subarray((b[1] + y) * img.width + b[0], (b[1] + y) * img.width + b[2]), y * w);
  return { width: w, height: h, data };
}

function withinTables(r: ImageRulings, tables: readonly PixBox[]): ImageRulings {
  const inside = (x: number, y: number): boolean => tables.some((t) => x >= t[0] - 4 && x <= t[2] + 4 && y >= t[1] - 4 && y <= t[3] + 4);
  return {
    h: r.h.filter((s) => inside((s.from + s.to) / 2, s.at)),
    v: r.v.filter((s) => inside(s.at, (s.from + s.to) / 2)),
  };
}
