// Issue 5: hostile and broken input mixed with good documents. Every good one is stored, every
// bad one fails with its own error code and a message naming it, the batch goes on, exit 1.
// The fixtures are in test/fixtures/hostile (scripts/make-hostile-fixtures.ts, MANIFEST.tsv);
// what git cannot hold — link loops, a dangling link, an unreadable file, a named pipe — is
// made here. Tests run as root, which reads a chmod 000 file: the CLI then runs under
// setpriv without the capabilities that let root ignore file permissions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ROOT, fixtureManifest, runCli, type Exit } from './bulk-helpers.ts';

const FIX = join(ROOT, 'test/fixtures/hostile');
const manifest = fixtureManifest(FIX);

const asRoot = process.getuid?.() === 0;
const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
/** Without root's override, or when not root at all, chmod 000 is unreadable. */
const canMakeUnreadable = !asRoot || setpriv !== undefined;

const good = ['samples/seed/fujian-12345-2026-budget.txt', 'samples/seed/haikou-12345-2026-budget.txt', 'samples/pdf/gbc-unit-budget-p8-10.pdf', 'samples/pdf/js2017-p20.pdf'];

/** Inputs made at run time, with the code and the words their failure must carry. */
const runtime: Array<{ file: string; code: string; words: RegExp }> = [
  { file: 'loop-a.pdf', code: 'E_UNREADABLE', words: /symbolic link loop/ },
  { file: 'loop-b.pdf', code: 'E_UNREADABLE', words: /symbolic link loop/ },
  { file: 'dangling.pdf', code: 'E_UNREADABLE', words: /no such file \(or a broken symbolic link\)/ },
  { file: 'pipe.pdf', code: 'E_UNREADABLE', words: /a named pipe, not a file/ },
  ...(canMakeUnreadable ? [{ file: 'unreadable.pdf', code: 'E_UNREADABLE', words: /permission denied/ }] : []),
];

let dir: string;
let batch: string;
let exit: Exit;
let items: Map<string, { status: string; error_code: string | null; message: string | null; hint: string | null }>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yusuan-hostile-'));
  batch = join(dir, 'batch');
  mkdirSync(batch);
  for (const m of manifest) copyFileSync(join(FIX, m.file), join(batch, m.file));
  for (const g of good) copyFileSync(join(ROOT, g), join(batch, g.split('/').pop()!));
  symlinkSync('loop-b.pdf', join(batch, 'loop-a.pdf'));
  symlinkSync('loop-a.pdf', join(batch, 'loop-b.pdf'));
  symlinkSync('missing.pdf', join(batch, 'dangling.pdf'));
  execFileSync('mkfifo', [join(batch, 'pipe.pdf')]);
  mkdirSync(join(batch, 'sub'));
  symlinkSync('..', join(batch, 'sub', 'up')); // a folder loop: walked once, not an input
  if (canMakeUnreadable) {
    copyFileSync(join(ROOT, good[2]!), join(batch, 'unreadable.pdf'));
    chmodSync(join(batch, 'unreadable.pdf'), 0o000);
  }
  const db = join(dir, 'hostile.db');
  const prefix = asRoot && setpriv ? [setpriv, '--bounding-set', '-dac_override,-dac_read_search'] : [];
  exit = await runCli(['ingest', batch, '--db', db, '--jobs', '2'], { prefix }).exit;
  const conn = new Database(db, { readonly: true });
  try {
    const rows = conn.prepare('SELECT path, status, error_code, message, hint FROM run_items').all() as Array<{ path: string; status: string; error_code: string | null; message: string | null; hint: string | null }>;
    items = new Map(rows.map((r) => [r.path.slice(batch.length + 1), r]));
  } finally {
    conn.close();
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a batch of hostile files mixed with good documents', () => {
  it('has fixtures that are still what the manifest says', () => {
    expect(manifest.length).toBeGreaterThanOrEqual(10);
    for (const m of manifest) expect(createHash('sha256').update(readFileSync(join(FIX, m.file))).digest('hex'), m.file).toBe(m.sha256);
    expect(readdirSync(FIX).filter((f) => f !== 'MANIFEST.tsv').sort()).toEqual(manifest.map((m) => m.file).sort());
  });

  it('exits 1 and accounts for every input', () => {
    expect(exit.code, exit.stderr.slice(-3000)).toBe(1);
    const expected = manifest.length + good.length + runtime.length;
    expect(items.size).toBe(expected);
    const done = exit.stderr.split('\n').filter((l) => l.includes('"event":"run:done"')).map((l) => JSON.parse(l) as Record<string, number>);
    expect(done).toHaveLength(1);
    expect(done[0]!['inputs']).toBe(done[0]!['stored']! + done[0]!['failed']! + done[0]!['skipped']!);
    expect(done[0]!['inputs']).toBe(expected);
  });

  it('stores every good document', () => {
    for (const g of [...good.map((p) => p.split('/').pop()!), ...manifest.filter((m) => m.expect === 'stored').map((m) => m.file)]) {
      expect(items.get(g), g).toMatchObject({ status: 'stored' });
    }
  });

  it('fails each bad file with its own code and a message naming it', () => {
    const bad = [...manifest.filter((m) => m.expect !== 'stored').map((m) => ({ file: m.file, code: m.expect, words: /./ })), ...runtime];
    for (const b of bad) {
      const it = items.get(b.file);
      expect(it, b.file).toMatchObject({ status: 'failed', error_code: b.code });
      expect(it!.message, b.file).toContain(b.file);
      expect(it!.message, b.file).toMatch(b.words);
    }
    expect([...items.values()].filter((i) => i.status === 'failed').every((i) => i.hint)).toBe(true);
  });
});
