// The stages import forward only: each reads the records the stage before it produced, and
// the shared meaning of those records (src/model), never the code of a later stage or of a
// sibling. A check that reached back into an interpreter would rebuild what it already has
// and tie the two together; this test fails on the first such import.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The src folders a file under `folder` imports from (relative imports only). */
function importedFolders(folder: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of files(join(SRC, folder))) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
      const target = relative(SRC, resolve(f, '..', m[1]!)).split('/')[0]!;
      if (target === folder || target.endsWith('.ts')) continue;
      out.set(target, [...(out.get(target) ?? []), relative(SRC, f)]);
    }
  }
  return out;
}

/** Which folders each stage may import (core and normalize are open to all). */
const ALLOWED: Record<string, readonly string[]> = {
  normalize: ['core'],
  extract: ['core', 'normalize'],
  segment: ['core', 'normalize', 'extract'],
  model: ['core', 'normalize', 'segment'],
  interpret: ['core', 'normalize', 'segment', 'model'],
  validate: ['core', 'normalize', 'segment', 'model'],
};

describe('stages import forward only', () => {
  for (const [stage, allowed] of Object.entries(ALLOWED)) {
    it(`${stage} imports only ${allowed.join(', ')}`, () => {
      const wrong = [...importedFolders(stage)].filter(([target]) => !allowed.includes(target));
      expect(wrong.map(([target, from]) => `${target} ← ${from.join(', ')}`)).toEqual([]);
    });
  }
});
