// Damage that knows nothing of the format: what a bad disk, a cut download or a confused
// crawler does to any file.
import type { Mutator } from './types.ts';

const ALL = ['pdf', 'html', 'text'] as const;

export const flip: Mutator = {
  name: 'flip',
  kinds: ALL,
  apply(src, rng) {
    const out = Buffer.from(src);
    const n = rng.size(1, 256);
    for (let i = 0; i < n; i++) out[rng.int(0, out.length - 1)]! ^= rng.int(1, 255);
    return { bytes: out, detail: `${n} bytes flipped` };
  },
};

export const truncate: Mutator = {
  name: 'truncate',
  kinds: ALL,
  apply(src, rng) {
    const at = rng.chance(0.3) ? src.length - rng.size(1, Math.min(4096, src.length - 1)) : rng.int(1, src.length - 1);
    return { bytes: src.subarray(0, at), detail: `cut at byte ${at} of ${src.length}` };
  },
};

export const zero: Mutator = {
  name: 'zero',
  kinds: ALL,
  apply(src, rng) {
    const len = rng.size(16, Math.min(256 * 1024, src.length));
    const at = rng.int(0, src.length - len);
    const out = Buffer.from(src);
    out.fill(0, at, at + len);
    return { bytes: out, detail: `${len} bytes zeroed at ${at}` };
  },
};

export const repeat: Mutator = {
  name: 'repeat',
  kinds: ALL,
  apply(src, rng) {
    const len = rng.size(16, Math.min(64 * 1024, src.length));
    const at = rng.int(0, src.length - len);
    const times = rng.size(2, 200);
    const chunk = src.subarray(at, at + len);
    const out = Buffer.concat([src.subarray(0, at + len), ...Array.from({ length: times - 1 }, () => chunk), src.subarray(at + len)]);
    return { bytes: out, detail: `${len} bytes at ${at} repeated ${times} times` };
  },
};

export const splice: Mutator = {
  name: 'splice',
  kinds: ALL,
  apply(src, rng, cx) {
    const other = rng.chance(0.5) ? cx.other() : src;
    const len = rng.size(16, Math.min(512 * 1024, other.length));
    const from = rng.int(0, other.length - len);
    const at = rng.int(0, src.length - 1);
    const overwrite = rng.chance(0.5);
    const chunk = other.subarray(from, from + len);
    const out = Buffer.concat([src.subarray(0, at), chunk, src.subarray(overwrite ? Math.min(src.length, at + len) : at)]);
    return { bytes: out, detail: `${len} bytes from ${other === src ? 'itself' : 'another file'} at ${from} ${overwrite ? 'written over' : 'inserted at'} ${at}` };
  },
};

export const BYTE_MUTATORS: readonly Mutator[] = [flip, truncate, zero, repeat, splice];
