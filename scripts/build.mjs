// Bundles src/ into dist/ so that bin/crm starts fast: one file for the CLI, separate chunks
// for what only some paths need (the interactive prompts), better-sqlite3 left to its native package.
// Builds into a fresh folder and swaps it in, so a crm running meanwhile never sees a half-written dist/.
import { build } from 'esbuild';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = fileURLToPath(new URL('../dist', import.meta.url));
const next = `${dist}.${process.pid}.next`;
const old = `${dist}.${process.pid}.old`;
rmSync(next, { recursive: true, force: true });
await build({
  entryPoints: { crm: 'src/main.ts' },
  outdir: next,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3'],
  minifySyntax: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  banner: {
    // Some bundled CommonJS dependencies call require(); give them one.
    js: "import { createRequire as __crmCreateRequire } from 'node:module'; const require = __crmCreateRequire(import.meta.url);",
  },
});
// The version and every help screen, for bin/crm to answer without loading the program.
const { helpTexts } = await import(pathToFileURL(`${next}/crm.js`).href);
writeFileSync(`${next}/fast.json`, JSON.stringify(await helpTexts()));
try {
  renameSync(dist, old);
} catch {
  // no previous build
}
renameSync(next, dist);
rmSync(old, { recursive: true, force: true });
