// Shared by the node suites: loads the built wasm module once per process and reads the shared
// fixtures in tests/fixtures/.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const wasmDir = process.env.CHATKIT_WASM_DIR;
export const fixturesDir = process.env.CHATKIT_FIXTURES_DIR;
if (!wasmDir || !fixturesDir) throw new Error('set CHATKIT_WASM_DIR and CHATKIT_FIXTURES_DIR (ctest does)');

let corePromise;
/** The module, loaded once; node 20 cannot fetch() local files, so the binary is passed in. */
export function core() {
  corePromise ??= import(join(wasmDir, 'chatkit.mjs')).then(async (api) => ({
    api,
    core: await api.loadChatKitCore({ wasmBinary: readFileSync(join(wasmDir, 'chatkit-core.wasm')) }),
  }));
  return corePromise;
}

export const readText = (...parts) => readFileSync(join(fixturesDir, ...parts), 'utf8');
export const readJson = (...parts) => JSON.parse(readText(...parts));
export const dirsIn = (...parts) =>
  readdirSync(join(fixturesDir, ...parts)).filter((name) => statSync(join(fixturesDir, ...parts, name)).isDirectory()).sort();
export const jsonFilesIn = (...parts) =>
  readdirSync(join(fixturesDir, ...parts)).filter((name) => name.endsWith('.json')).sort();
