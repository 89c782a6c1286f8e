// Builds the static web client: web/ plus the wasm module into one folder of files with
// content-hashed names under assets/, references rewritten; index.html and chatkit.js (the
// <openai-chatkit> loader an app's script tag names) keep their names, at the top. Idempotent: the
// output folder is rebuilt from scratch, and the same inputs give the same names.
//   node scripts/build_web.mjs WEB_DIR WASM_DIR OUT_DIR
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, renameSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { buildSync, transformSync } from 'esbuild';

const [webDir, wasmDir, outDir] = process.argv.slice(2);
if (!webDir || !wasmDir || !outDir) {
  console.error('usage: node scripts/build_web.mjs WEB_DIR WASM_DIR OUT_DIR');
  process.exit(2);
}
const ASSETS = 'assets';
const LOADER = 'chatkit.js';  // web/chatkit.js: unhashed, beside index.html
const ELEMENT = 'element.js';  // what the loader imports: bundled with everything it imports
const WASM_FILES = ['chatkit-core.wasm', 'chatkit-core.mjs', 'chatkit.mjs'];

// Every asset by its flat name: web/src/*.js, web/styles/*.css, and the wasm module's files.
function collect() {
  const assets = new Map();
  for (const dir of ['src', 'styles']) {
    for (const name of readdirSync(join(webDir, dir)).sort()) {
      if (assets.has(name)) throw new Error(`two assets named ${name}`);
      assets.set(name, { source: `${dir}/${name}`, bytes: readFileSync(join(webDir, dir, name)) });
    }
  }
  for (const name of WASM_FILES) {
    if (assets.has(name)) throw new Error(`web/ must not hold ${name}: it comes from the wasm build`);
    assets.set(name, { source: name, bytes: readFileSync(join(wasmDir, name)) });
  }
  return assets;
}

// JavaScript and CSS are minified (esbuild, a dev dependency; CHATKIT_WEB_MINIFY=0 keeps them as
// written, for debugging): the bytes a host page loads for the element are a budget
// (bench/element_bytes.mjs). Minifying keeps every string, so references still resolve.
const MINIFY = process.env.CHATKIT_WEB_MINIFY !== '0';
/** @param {string} name @param {string} text */
function minify(name, text) {
  if (!MINIFY) return text;
  const css = name.endsWith('.css');
  const script = name === LOADER;  // a classic script: its top level stays a script
  return transformSync(text, { loader: css ? 'css' : 'js', minify: true, format: css || script ? undefined : 'esm',
    target: css ? ['chrome111', 'firefox113', 'safari16.4'] : 'es2022', legalComments: 'none' }).code;
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isText = (name) => /\.(m?js|css|html)$/.test(name);

// The asset names a text file refers to: ES imports ('./x.js'), and the wasm file the
// Emscripten loader fetches by name.
function references(text, names) {
  return names.filter((name) => new RegExp(`['"\`](?:\\./)?${escape(name)}['"\`]`).test(text));
}

function rewrite(text, hashed) {
  for (const [name, target] of hashed) {
    text = text.replace(new RegExp(`(['"\`])(\\./)?${escape(name)}(['"\`])`, 'g'), `$1$2${target}$3`);
  }
  return text;
}

const digest = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 10);

// Hash leaves first, so that a file's name changes whenever anything it imports changes.
function hashAll(assets) {
  const names = [...assets.keys()];
  const hashed = new Map();
  const output = new Map();
  while (hashed.size < names.length) {
    const ready = names.filter((name) => !hashed.has(name) && (!isText(name)
      || references(assets.get(name).bytes.toString('utf8'), names).every((dep) => dep === name || hashed.has(dep))));
    if (ready.length === 0) throw new Error('import cycle among ' + names.filter((n) => !hashed.has(n)).join(', '));
    for (const name of ready) {
      const { bytes } = assets.get(name);
      const content = isText(name) ? Buffer.from(minify(name, rewrite(bytes.toString('utf8'), hashed))) : bytes;
      const ext = extname(name);
      const target = `${basename(name, ext)}.${digest(content)}${ext}`;
      hashed.set(name, target);
      output.set(target, content);
    }
  }
  return { hashed, output };
}

// Embind evaluates strings (new Function) unless the module was linked with -sDYNAMIC_EXECUTION=0;
// such a module cannot start under the page's CSP, so the CSP then has to allow it.
function allowEvalIfNeeded(html, assets) {
  if (!assets.get('chatkit-core.mjs').bytes.toString('utf8').includes('new Function(')) return html;
  console.warn("build_web: chatkit-core.mjs uses new Function (link it with -sDYNAMIC_EXECUTION=0): the CSP allows 'unsafe-eval'");
  return html.replace("script-src 'self' 'wasm-unsafe-eval'", "script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'");
}

function indexHtml(assets, hashed) {
  let html = allowEvalIfNeeded(readFileSync(join(webDir, 'index.html'), 'utf8'), assets);
  for (const [name, { source }] of assets) {
    html = html.replaceAll(`"${source}"`, `"${ASSETS}/${hashed.get(name)}"`);
    html = html.replaceAll(`"src/${name}"`, `"${ASSETS}/${hashed.get(name)}"`);  // the wasm module, imported from src/
  }
  const unresolved = /(?:src|href)="((?:src|styles)\/[^"]+)"/.exec(html);
  if (unresolved) throw new Error(`index.html refers to ${unresolved[1]}, which is not an asset`);
  return html;
}

// The loader names its module by its flat name ('element.js'); it gets the hashed one.
function loader(hashed) {
  const text = minify(LOADER, rewrite(readFileSync(join(webDir, LOADER), 'utf8'), hashed));
  const unresolved = /['"`]([\w-]+\.js)['"`]/.exec(text);
  if (unresolved && !hashed.has(unresolved[1]) && ![...hashed.values()].includes(unresolved[1])) {
    throw new Error(`${LOADER} refers to ${unresolved[1]}, which is not an asset`);
  }
  return text;
}

// The element's module graph (its modules, the wasm API and Emscripten's glue) as one file under
// the element's hashed name: one request instead of twenty, and one gzip stream. The name still
// changes with any of them, since element.js's own text names each dependency's hashed file. The
// single modules stay beside it (the standalone page and the tests import some alone); the glue
// still finds the wasm beside it, through import.meta.url. The tools module is never loaded here.
function bundleElement(path) {
  const result = buildSync({ entryPoints: [path], bundle: true, write: false, format: 'esm', minify: MINIFY,
    target: 'es2022', legalComments: 'none', external: ['./chatkit-core-tools.mjs'], logLevel: 'silent' });
  writeFileSync(path, result.outputFiles[0].contents);
}

const assets = collect();
const { hashed, output } = hashAll(assets);
const html = indexHtml(assets, hashed);
const chatkitJs = loader(hashed);
// Build beside the output, then swap: a running server never sees a half-written folder.
const staging = `${outDir}.tmp-${process.pid}`;
rmSync(staging, { recursive: true, force: true });
mkdirSync(join(staging, ASSETS), { recursive: true });
for (const [target, content] of output) writeFileSync(join(staging, ASSETS, target), content);
bundleElement(join(staging, ASSETS, hashed.get(ELEMENT)));
writeFileSync(join(staging, 'index.html'), html);
writeFileSync(join(staging, LOADER), chatkitJs);
rmSync(outDir, { recursive: true, force: true });
renameSync(staging, outDir);
console.log(`web: ${output.size + 2} files in ${outDir}`);
