// Shared by the node suites: loads the built wasm module once per process and reads the shared
// fixtures in tests/fixtures/.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const wasmDir = process.env.CHATKIT_WASM_DIR;
export const fixturesDir = process.env.CHATKIT_FIXTURES_DIR;
if (!wasmDir || !fixturesDir) throw new Error('set CHATKIT_WASM_DIR and CHATKIT_FIXTURES_DIR (ctest does)');

const load = (tools) => import(join(wasmDir, 'chatkit.mjs')).then(async (api) => ({
  api,
  core: await api.loadChatKitCore({ tools, wasmBinary: readFileSync(join(wasmDir, tools ? 'chatkit-core-tools.wasm' : 'chatkit-core.wasm')) }),
}));

let corePromise;
let toolsPromise;
/** The browser module (what the page loads), loaded once; node 20 cannot fetch() local files, so the binary is passed in. */
export function core() {
  corePromise ??= load(false);
  return corePromise;
}
/** The tools module (the browser module plus request parsing, normalize, widget diff / apply / validation). */
export function tools() {
  toolsPromise ??= load(true);
  return toolsPromise;
}

export const readText = (...parts) => readFileSync(join(fixturesDir, ...parts), 'utf8');
export const readJson = (...parts) => JSON.parse(readText(...parts));
export const dirsIn = (...parts) =>
  readdirSync(join(fixturesDir, ...parts)).filter((name) => statSync(join(fixturesDir, ...parts, name)).isDirectory()).sort();
export const jsonFilesIn = (...parts) =>
  readdirSync(join(fixturesDir, ...parts)).filter((name) => name.endsWith('.json')).sort();
