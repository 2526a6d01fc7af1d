// Grayscale page images: PGM encoding for tesseract, a global threshold, ink measure, skew
// estimate and rotation. Pure functions over a byte per pixel (0 black … 255 white).

export interface GrayImage {
  readonly width: number;
  readonly height: number;
  /** Row-major luminance, one byte per pixel. */
  readonly data: Uint8Array;
}

/** Binary PGM (P5). tesseract.js decodes it through Leptonix at once, unlike PNG. */
export function encodePgm(img: GrayImage): Uint8Array {
  const head = Buffer.from(`P5\n${img.width} ${img.height}\n255\n`, 'latin1');
  const out = new Uint8Array(head.length + img.data.length);
  out.set(head, 0);
  out.set(img.data, head.length);
  return out;
}

/** Otsu's threshold: pixels at or below it are ink. */
export function otsu(img: GrayImage): number {
  const hist = new Float64Array(256);
  const d = img.data;
  // Every 4th pixel is plenty for a histogram and 4× cheaper.
  for (let i = 0; i < d.length; i += 4) hist[d[i]!]!++;
  let total = 0;
  let sum = 0;
  for (let t = 0; t < 256; t++) {
    total += hist[t]!;
    sum += t * hist[t]!;
  }
  let wB = 0;
  let sumB = 0;
  let best = 0;
  let thr = 128;
  // Every threshold between two empty stretches of the histogram splits it alike: a 1-bit
  // scan (only 0 and 255) is split as well at 0 as at 254. The middle of the run of equal best
  // values is taken, so that ink is "at or below" a threshold with room on both sides.
  let plateauEnd = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best * (1 + 1e-12)) {
      best = between;
      thr = t;
      plateauEnd = t;
    } else if (between >= best * (1 - 1e-12) && plateauEnd === t - 1) plateauEnd = t;
  }
  thr = Math.round((thr + plateauEnd) / 2);
  // A nearly white page has no real bimodal histogram: keep ink dark.
  return Math.min(thr, 200);
}

/** Share of pixels darker than `thr` (0–1). */
export function inkRatio(img: GrayImage, thr = 128): number {
  const d = img.data;
  let n = 0;
  let seen = 0;
  for (let i = 0; i < d.length; i += 3) {
    seen++;
    if (d[i]! < thr) n++;
  }
  return seen ? n / seen : 0;
}

/**
 * Skew of the text lines in degrees (positive: lines fall to the right, clockwise), by the
 * projection profile: the angle at which the rows of ink are sharpest. Searched on a
 * downsampled copy within ±`maxDeg`.
 */
export function estimateSkew(img: GrayImage, maxDeg = 3): number {
  const thr = otsu(img);
  // Sample as finely as the amount of ink allows: a sparse page (a cover, a heading) has few
  // short lines whose projection only sharpens at full resolution; a dense one is read at a
  // coarser grid to stay fast (about 150k ink samples at most).
  let ink = 0;
  for (let i = 0; i < img.data.length; i += 16) if (img.data[i]! <= thr) ink++;
  const f = Math.max(1, Math.min(6, Math.round(Math.sqrt((ink * 16) / 80_000))));
  const w = Math.floor(img.width / f);
  const h = Math.floor(img.height / f);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < h; y++) {
    const row = y * f * img.width;
    for (let x = 0; x < w; x++) {
      if (img.data[row + x * f]! <= thr) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  if (xs.length < 200) return 0;
  const score = (deg: number): number => {
    const t = Math.tan((deg * Math.PI) / 180);
    const hist = new Float64Array(h + w + 2);
    const off = Math.ceil(w * Math.abs(t)) + 1;
    for (let i = 0; i < xs.length; i++) {
      const yy = Math.round(ys[i]! - xs[i]! * t) + off;
      if (yy >= 0 && yy < hist.length) hist[yy]!++;
    }
    let s = 0;
    for (let i = 1; i < hist.length; i++) {
      const d = hist[i]! - hist[i - 1]!;
      s += d * d;
    }
    return s;
  };
  let best = 0;
  let bestScore = score(0);
  for (let deg = -maxDeg; deg <= maxDeg + 1e-9; deg += 0.2) {
    const s = score(deg);
    if (s > bestScore) {
      bestScore = s;
      best = deg;
    }
  }
  const coarse = best;
  for (let deg = coarse - 0.2; deg <= coarse + 0.2 + 1e-9; deg += 0.02) {
    const s = score(deg);
    if (s > bestScore) {
      bestScore = s;
      best = deg;
    }
  }
  return Math.round(best * 100) / 100;
}

/** Where a point of the original image lands in the image `rotate(img, deg)` makes. */
export function rotatePoint(x: number, y: number, deg: number, w: number, h: number): [number, number] {
  // The inverse of rotate()'s source mapping: where a pixel of the original lands.
  const a = (deg * Math.PI) / 180;
  const c = Math.cos(a);
  const s = Math.sin(a);
  const dx = x - w / 2;
  const dy = y - h / 2;
  return [w / 2 + dx * c + dy * s, h / 2 - dx * s + dy * c];
}

/**
 * Rotate about the centre so that lines of slope tan(`deg`) (what estimateSkew measured)
 * become horizontal; same size, white fill. Bilinear blurs strokes, which tesseract reads
 * worse than the one-pixel steps of `nearest`, so the picture for OCR is turned with that:
 * for the few degrees a scan is skewed, as two shears (columns moved up or down in bands,
 * then rows sideways), which move whole runs of bytes and cost a tenth of a true turn.
 */
export function rotate(img: GrayImage, deg: number, nearest = false): GrayImage {
  if (Math.abs(deg) < 0.01) return img;
  if (nearest && Math.abs(deg) <= 5) return shearRotate(img, deg);
  const { width: w, height: h, data: src } = img;
  const out = new Uint8Array(w * h);
  const a = (deg * Math.PI) / 180;
  const c = Math.cos(a);
  const s = Math.sin(a);
  const cx = w / 2;
  const cy = h / 2;
  for (let y = 0; y < h; y++) {
    const dy = y - cy;
    // Source of (x, y): rotate back by -deg.
    let sx = cx + -cx * c - dy * s;
    let sy = cy + -cx * s + dy * c;
    for (let x = 0; x < w; x++, sx += c, sy += s) {
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) {
        out[y * w + x] = 255;
        continue;
      }
      if (nearest) {
        out[y * w + x] = src[Math.round(sy) * w + Math.round(sx)]!;
        continue;
      }
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * w + x0;
      const top = src[i]! + (src[i + 1]! - src[i]!) * fx;
      const bot = src[i + w]! + (src[i + w + 1]! - src[i + w]!) * fx;
      out[y * w + x] = top + (bot - top) * fy;
    }
  }
  return { width: w, height: h, data: out };
}

/** rotate() for small angles, nearest-neighbour, by a vertical then a horizontal shear. */
function shearRotate(img: GrayImage, deg: number): GrayImage {
  const { width: w, height: h, data: src } = img;
  const s = Math.sin((deg * Math.PI) / 180);
  const cx = w / 2;
  const cy = h / 2;
  // 1. tmp(x, y) = src(x, y + round((x - cx) s)): columns in bands of one offset.
  const tmp = new Uint8Array(w * h).fill(255);
  let x0 = 0;
  while (x0 < w) {
    const k = Math.round((x0 - cx) * s);
    let x1 = x0 + 1;
    while (x1 < w && Math.round((x1 - cx) * s) === k) x1++;
    const yFrom = Math.max(0, -k);
    const yTo = Math.min(h, h - k);
    for (let y = yFrom; y < yTo; y++) tmp.set(src.subarray((y + k) * w + x0, (y + k) * w + x1), y * w + x0);
    x0 = x1;
  }
  // 2. out(x, y) = tmp(x - round((y - cy) s), y): each row moved sideways.
  const out = new Uint8Array(w * h).fill(255);
  for (let y = 0; y < h; y++) {
    const d = Math.round((y - cy) * s);
    // out[x] = tmp[x - d]
    const from = Math.max(0, -d);
    const to = Math.min(w, w - d);
    if (to > from) out.set(tmp.subarray(y * w + from, y * w + to), y * w + from + d);
  }
  return { width: w, height: h, data: out };
}


/**
 * Separable 3×3 median (a 3-pixel median along rows, then along columns): removes scanner
 * speckle and JPEG ringing that tesseract otherwise reads as commas and points inside
 * amounts, at a fraction of a true 3×3 median's cost.
 */
export function median3(img: GrayImage): GrayImage {
  const { width: w, height: h, data: src } = img;
  // median(a, b, c) = max(min(a, b), min(max(a, b), c)), without branches: a scan's grays
  // make every comparison a coin toss, and mispredicted branches cost more than the sums.
  // For bytes, (d >> 31) is -1 when d < 0 and 0 otherwise.
  const tmp = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const r = y * w;
    tmp[r] = src[r]!;
    tmp[r + w - 1] = src[r + w - 1]!;
    let a = src[r]!;
    let b = src[r + 1]!;
    for (let x = 1; x < w - 1; x++) {
      const c = src[r + x + 1]!;
      tmp[r + x] = med(a, b, c);
      a = b;
      b = c;
    }
  }
  const out = new Uint8Array(w * h);
  out.set(tmp.subarray(0, w), 0);
  out.set(tmp.subarray((h - 1) * w), (h - 1) * w);
  for (let y = 1; y < h - 1; y++) {
    const r = y * w;
    for (let x = 0; x < w; x++) out[r + x] = med(tmp[r + x - w]!, tmp[r + x]!, tmp[r + x + w]!);
  }
  return { width: w, height: h, data: out };
}

/** Median of three bytes, branch-free. */
function med(a: number, b: number, c: number): number {
  let d = a - b;
  let s = d >> 31;
  const lo = b + (d & s);
  const hi = a - (d & s);
  d = hi - c;
  s = d >> 31;
  const m = c + (d & s);
  d = lo - m;
  s = d >> 31;
  return lo - (d & s);
}

/** True for a two-level picture (a fax-style 1-bit scan): nearly every pixel black or white. */
export function isBilevel(img: GrayImage): boolean {
  const d = img.data;
  let other = 0;
  let seen = 0;
  for (let i = 0; i < d.length; i += 7) {
    seen++;
    const v = d[i]!;
    if (v !== 0 && v !== 255) other++;
  }
  return seen > 0 && other / seen < 0.001;
}

/**
 * Despeckle a two-level picture: black pixels with at most one black neighbour of eight go.
 * A median would take with them the one-pixel strokes that thin Chinese type is made of at
 * 1 bit.
 */
export function despeckleBilevel(img: GrayImage): GrayImage {
  const { width: w, height: h, data: src } = img;
  const out = new Uint8Array(src);
  for (let y = 1; y < h - 1; y++) {
    const r = y * w;
    for (let x = 1; x < w - 1; x++) {
      if (src[r + x] !== 0) continue;
      let n = 0;
      if (src[r + x - w - 1] === 0) n++;
      if (src[r + x - w] === 0) n++;
      if (src[r + x - w + 1] === 0) n++;
      if (src[r + x - 1] === 0) n++;
      if (src[r + x + 1] === 0) n++;
      if (src[r + x + w - 1] === 0) n++;
      if (src[r + x + w] === 0) n++;
      if (src[r + x + w + 1] === 0) n++;
      if (n <= 1) out[r + x] = 255;
    }
  }
  return { width: w, height: h, data: out };
}

/**
 * Box-filter reduction of the region `b` (x0, y0, x1, y1) of `img` by `f` (> 1) to W × H
 * pixels (by default the region's size over `f`): each pixel the mean of those it covers.
 */
export function boxShrink(img: GrayImage, b: readonly [number, number, number, number], f: number, W = Math.max(1, Math.floor((b[2] - b[0]) / f)), H = Math.max(1, Math.floor((b[3] - b[1]) / f))): GrayImage {
  const out = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    const sy0 = b[1] + Math.floor(y * f);
    const sy1 = Math.min(b[3], b[1] + Math.max(Math.floor((y + 1) * f), Math.floor(y * f) + 1));
    for (let x = 0; x < W; x++) {
      const sx0 = b[0] + Math.floor(x * f);
      const sx1 = Math.min(b[2], b[0] + Math.max(Math.floor((x + 1) * f), Math.floor(x * f) + 1));
      let sum = 0;
      let n = 0;
      for (let sy = sy0; sy < sy1; sy++) {
        const base = sy * img.width;
        for (let sx = sx0; sx < sx1; sx++) {
          sum += img.data[base + sx]!;
          n++;
        }
      }
      out[y * W + x] = n ? Math.round(sum / n) : 255;
    }
  }
  return { width: W, height: H, data: out };
}

const IDENTITY = Uint8Array.from({ length: 256 }, (_, v) => v);

/**
 * A crop's grey levels stretched between its own ink and its own paper, then darkened: a
 * cell printed light grey on a noisy, uneven scan (ink at 120–160, paper at 200–240) gives
 * black on white, where one curve for the whole page turned the paper's noise into grey
 * speckle and bold type into blobs. Paper is the crop's 90th percentile, ink its 3rd; a crop
 * with no contrast to speak of keeps `fallback`. Every strip of crops needs this: tesseract
 * thresholds a strip as a whole, and between the pure white of the padding and a scan's
 * grey paper it can set its threshold above the paper (`于143汽元` for `1211.43万元`).
 */
export function levelsOf(img: GrayImage, x0: number, y0: number, w: number, h: number, fallback: Uint8Array = IDENTITY, gamma = 2): Uint8Array {
  const hist = new Uint32Array(256);
  for (let y = y0; y < y0 + h; y++) {
    const row = y * img.width;
    for (let x = x0; x < x0 + w; x++) hist[img.data[row + x]!]!++;
  }
  const n = w * h;
  const at = (q: number): number => {
    let acc = 0;
    for (let v = 0; v < 256; v++) {
      acc += hist[v]!;
      if (acc >= q * n) return v;
    }
    return 255;
  };
  const ink = at(0.03);
  const paper = at(0.9);
  if (paper - ink < 60) return fallback;
  return Uint8Array.from({ length: 256 }, (_, v) => Math.round(255 * Math.min(1, Math.max(0, (v - ink) / (paper - ink))) ** gamma));
}

/**
 * The paper made white, evenly: each pixel divided by the paper's level around it (the
 * brightest tenth of each tile of about a sixth of an inch, the brightest of each tile's
 * neighbours, interpolated), then the ink stretched to black. A scan darker towards one side
 * (a photocopy's shading, a book's gutter) or with grey paper everywhere gives black on
 * white; tesseract's own global threshold (and every crop read as a strip, whose padding is
 * white) then sees paper as paper. A 1-bit scan is returned as it is.
 */
export function flattenBackground(img: GrayImage, dpi: number): GrayImage {
  if (isBilevel(img)) return img;
  const { width: w, height: h, data } = img;
  const T = Math.max(16, Math.round(dpi / 6));
  const tw = Math.ceil(w / T);
  const th = Math.ceil(h / T);
  const tile = new Float32Array(tw * th);
  const hist = new Uint32Array(256);
  for (let ty = 0; ty < th; ty++) {
    for (let tx = 0; tx < tw; tx++) {
      hist.fill(0);
      let n = 0;
      for (let y = ty * T; y < Math.min(h, (ty + 1) * T); y += 2) {
        const row = y * w;
        for (let x = tx * T; x < Math.min(w, (tx + 1) * T); x += 2) {
          hist[data[row + x]!]!++;
          n++;
        }
      }
      let acc = 0;
      let v = 255;
      for (; v > 0; v--) {
        acc += hist[v]!;
        if (acc >= 0.1 * n) break;
      }
      tile[ty * tw + tx] = v;
    }
  }
  // A tile all ink (a solid block, a heavy rule's crossing) has no paper of its own: the
  // brightest of its neighbours stands for it.
  const bg = new Float32Array(tw * th);
  for (let ty = 0; ty < th; ty++) {
    for (let tx = 0; tx < tw; tx++) {
      let m = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        const x = tx + dx;
        const y = ty + dy;
        if (x >= 0 && y >= 0 && x < tw && y < th) m = Math.max(m, tile[y * tw + x]!);
      }
      bg[ty * tw + tx] = Math.max(m, 64);
    }
  }
  const out = new Uint8Array(w * h);
  // Per column, once: the two tile columns it lies between and its weight.
  const cx0 = new Int32Array(w);
  const cx1 = new Int32Array(w);
  const cax = new Float32Array(w);
  for (let x = 0; x < w; x++) {
    const fx = Math.min(tw - 1, Math.max(0, (x - T / 2) / T));
    cx0[x] = Math.floor(fx);
    cx1[x] = Math.min(tw - 1, cx0[x]! + 1);
    cax[x] = fx - cx0[x]!;
  }
  const rowBg = new Float32Array(tw);
  for (let y = 0; y < h; y++) {
    const fy = Math.min(th - 1, Math.max(0, (y - T / 2) / T));
    const y0 = Math.floor(fy);
    const y1 = Math.min(th - 1, y0 + 1);
    const ay = fy - y0;
    for (let t = 0; t < tw; t++) rowBg[t] = 255 / (bg[y0 * tw + t]! + (bg[y1 * tw + t]! - bg[y0 * tw + t]!) * ay);
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const v = data[row + x]!;
      if (v === 255) {
        out[row + x] = 255;
        continue;
      }
      const a = rowBg[cx0[x]!]!;
      const k = a + (rowBg[cx1[x]!]! - a) * cax[x]!;
      const o = v * k;
      out[row + x] = o >= 255 ? 255 : o;
    }
  }
  // Ink to black: the darkest few percent of the page at 0, the rest scaled.
  const flat = { width: w, height: h, data: out };
  const lut = levelsOf(flat, 0, 0, w, h, IDENTITY, 1);
  for (let i = 0; i < out.length; i++) out[i] = lut[out[i]!]!;
  return flat;
}

/**
 * The region `b` of `img` enlarged by `k` (> 1), bilinear: small type (figures 12 pixels
 * tall on a 200 dpi scan) read at the size the engine reads best.
 */
export function enlarge(img: GrayImage, b: readonly [number, number, number, number], k: number): GrayImage {
  const bw = b[2] - b[0];
  const bh = b[3] - b[1];
  const W = Math.max(1, Math.round(bw * k));
  const H = Math.max(1, Math.round(bh * k));
  const out = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    const sy = Math.min(bh - 1, Math.max(0, (y + 0.5) / k - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(bh - 1, y0 + 1);
    const fy = sy - y0;
    const r0 = (b[1] + y0) * img.width + b[0];
    const r1 = (b[1] + y1) * img.width + b[0];
    for (let x = 0; x < W; x++) {
      const sx = Math.min(bw - 1, Math.max(0, (x + 0.5) / k - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(bw - 1, x0 + 1);
      const fx = sx - x0;
      const top = img.data[r0 + x0]! + (img.data[r0 + x1]! - img.data[r0 + x0]!) * fx;
      const bot = img.data[r1 + x0]! + (img.data[r1 + x1]! - img.data[r1 + x0]!) * fx;
      out[y * W + x] = Math.round(top + (bot - top) * fy);
    }
  }
  return { width: W, height: H, data: out };
}
