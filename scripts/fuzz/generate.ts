// Seed and input number → a damaged input and its recipe. Everything is drawn from the
// input's own generator (rng.ts), so `--seed S --only I` makes input I again byte for byte.
import { forInput, type Rng } from './rng.ts';
import { BYTE_MUTATORS, mutatorsFor, type SourceKind } from './mutators/index.ts';
import { sha256, type Source } from './sources.ts';

export interface Recipe {
  readonly seed: number;
  readonly index: number;
  readonly source: string;
  readonly sourceSha256: string;
  readonly kind: SourceKind;
  /** The mutations in the order applied, each as `name: detail`. */
  readonly mutations: readonly { readonly name: string; readonly detail: string }[];
}

export interface Generated {
  readonly recipe: Recipe;
  readonly bytes: Buffer;
  /** The file name to write it under (keeps the source's extension: a .pdf stays a .pdf). */
  readonly name: string;
}

const KIND_WEIGHTS: ReadonlyArray<readonly [SourceKind, number]> = [
  ['pdf', 0.76],
  ['html', 0.12],
  ['text', 0.12],
];

function pickKind(rng: Rng, available: ReadonlySet<SourceKind>): SourceKind {
  const ws = KIND_WEIGHTS.filter(([k]) => available.has(k));
  let r = rng.next() * ws.reduce((s, [, w]) => s + w, 0);
  for (const [k, w] of ws) if ((r -= w) < 0) return k;
  return ws[ws.length - 1]![0];
}

export function generate(seed: number, index: number, sources: readonly Source[]): Generated {
  if (sources.length === 0) throw new Error('fuzz: no sources to mutate');
  const rng = forInput(seed, index);
  const kind = pickKind(rng, new Set(sources.map((s) => s.kind)));
  const ofKind = sources.filter((s) => s.kind === kind);
  const cx = { other: () => rng.pick(sources).bytes };
  for (let attempt = 0; attempt < 16; attempt++) {
    // after a few mutators that found nothing to work on, fall back to damage any file takes
    const m = rng.pick(attempt < 8 ? mutatorsFor(kind) : BYTE_MUTATORS);
    const src = rng.pick(ofKind);
    const first = m.apply(src.bytes, rng, cx);
    if (!first) continue;
    const mutations = [{ name: m.name, detail: first.detail }];
    let bytes = first.bytes;
    if (rng.chance(0.15) && bytes.length > 1) {
      const m2 = rng.pick(BYTE_MUTATORS);
      const second = m2.apply(bytes, rng, cx);
      if (second) {
        bytes = second.bytes;
        mutations.push({ name: m2.name, detail: second.detail });
      }
    }
    const recipe: Recipe = { seed, index, source: src.path, sourceSha256: sha256(src.bytes), kind, mutations };
    // an HTML page keeps an HTML name even when its crawler saved it as .pdf: else every
    // mutation of it would fail as E_NOT_PDF and test nothing else
    const ext = kind === 'html' ? '.html' : src.ext;
    const name = `${String(index).padStart(4, '0')}-${mutations.map((x) => x.name).join('+')}${ext}`;
    return { recipe, bytes, name };
  }
  throw new Error(`fuzz: input ${index} of seed ${seed}: no mutator applied to any ${kind} source`);
}
