// Files and folders on the command line → the inputs of a run, in a stable order.
import { lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import { YusuanError } from '../core/errors.ts';
import { fsError } from './read-input.ts';

export interface InputRef {
  readonly path: string;
  /** Set when the input is known to fail before it is read (a folder that cannot be listed). */
  readonly error?: YusuanError;
}

export const INPUT_EXT = /\.(?:pdf|txt|text|html?)$/i;

/**
 * Expand files and folders into inputs. Folders are walked recursively in name order; hidden
 * entries are skipped; a folder reached twice through links (a loop) is walked once. A path
 * that does not exist, a link that loops or dangles under an input's name, and a folder that
 * cannot be listed are kept as inputs, so that each is reported as failed rather than lost.
 */
export function collectInputs(args: readonly string[]): InputRef[] {
  const out: InputRef[] = [];
  const seenDirs = new Set<string>();
  const walk = (dir: string): void => {
    let real: string;
    let entries: string[];
    try {
      real = realpathSync(dir);
      if (seenDirs.has(real)) return;
      seenDirs.add(real);
      entries = readdirSync(dir).sort();
    } catch (err) {
      const e = fsError(dir, err);
      out.push({ path: dir, error: new YusuanError(e.code, `${dir}: the folder cannot be listed (${e.message.slice(dir.length + 2)})`, { file: dir, ...(e.hint ? { hint: e.hint } : {}) }) });
      return;
    }
    for (const e of entries) {
      if (e.startsWith('.')) continue;
      const p = join(dir, e);
      let st: Stats;
      try {
        st = statSync(p);
      } catch {
        // a dangling or looping link: an input that fails, if its name says it is one
        if (INPUT_EXT.test(e) && isLink(p)) out.push({ path: p });
        continue;
      }
      if (st.isDirectory()) walk(p);
      else if (INPUT_EXT.test(e)) out.push({ path: p });
    }
  };
  for (const a of args) {
    let st: Stats;
    try {
      st = statSync(a);
    } catch {
      out.push({ path: a });
      continue;
    }
    if (st.isDirectory()) walk(a);
    else out.push({ path: a });
  }
  const seen = new Set<string>();
  const unique: InputRef[] = [];
  for (const i of out) {
    const path = resolve(i.path);
    if (seen.has(path)) continue;
    seen.add(path);
    unique.push({ ...i, path });
  }
  return unique;
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
