// A worker thread's module as one prebuilt JavaScript file. Run through tsx, every worker
// thread starts a loader-hooks thread of its own and transpiles (or reads from cache) each
// module again: about 1 s and 200–300 MB of resident memory per worker before it reads a page,
// paid again at every recycle. Bundled once per process with esbuild (about 0.1 s), a worker
// is ready in about 0.45 s for about 120 MB. Packages stay outside the bundle (resolved from
// node_modules as before), and each source file keeps its own `import.meta.url`, so data files
// and helper threads found relative to it are found as before.
//
// The bundle is named by the hash of its contents: processes of different checkouts sharing
// one node_modules never run each other's code, and a batch keeps the code it started with
// even if the sources change under it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Bundles not built or used for this long are removed when a new one is written. */
const STALE_MS = 7 * 24 * 3600 * 1000;

const built = new Map<string, Promise<URL>>();

/** node_modules/.cache/yusuan beside the esbuild this package depends on. */
function cacheDir(): string {
  const esbuildMain = createRequire(import.meta.url).resolve('esbuild');
  let dir = dirname(esbuildMain);
  while (!dir.endsWith('node_modules') && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, '.cache', 'yusuan');
}

/**
 * The bundled module for the worker entry `script` (a .ts file URL), built on first call in
 * this process. Rejects when it cannot be built or written (the caller falls back to tsx).
 */
export function workerBundle(script: URL): Promise<URL> {
  let p = built.get(script.href);
  if (!p) built.set(script.href, (p = build(script)));
  return p;
}

let building = 0;

async function build(script: URL): Promise<URL> {
  const esbuild = await import('esbuild');
  const source = fileURLToPath(script);
  building++;
  let contents: Uint8Array | undefined;
  try {
    const out = await esbuild.build({
      entryPoints: [source],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      write: false,
      logLevel: 'silent',
      plugins: [ownUrlPlugin],
    });
    contents = out.outputFiles[0]?.contents;
  } finally {
    // esbuild's async API keeps a service process; a batch needs it no more
    if (--building === 0) void esbuild.stop();
  }
  if (!contents) throw new Error('esbuild wrote no output');
  const hash = createHash('sha256').update(contents).digest('hex').slice(0, 16);
  const dir = cacheDir();
  mkdirSync(dir, { recursive: true });
  const target = join(dir, `${basename(source, '.ts')}-${hash}.mjs`);
  if (!existsSync(target)) {
    // written whole under a private name, then renamed: a process starting a worker from it
    // never reads half a file
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, contents);
    renameSync(tmp, target);
    prune(dir, target);
  } else {
    const now = new Date();
    utimesSync(target, now, now); // in use: not stale
  }
  return pathToFileURL(target);
}

/** Each source file's `import.meta.url` replaced by its own URL (a bundle has one for all). */
const ownUrlPlugin: import('esbuild').Plugin = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (a) => {
      const src = readFileSync(a.path, 'utf8');
      return { contents: src.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(a.path).href)), loader: 'ts' };
    });
  },
};

function prune(dir: string, keep: string): void {
  const now = Date.now();
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (p === keep) continue;
    try {
      if (now - statSync(p).mtimeMs > STALE_MS) unlinkSync(p);
    } catch {
      // another process removed it first
    }
  }
}
