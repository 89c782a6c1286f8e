// Writes the CommonMark spec examples of the npm package commonmark-spec as JSON, for
// commonmark_spec_test.cpp: node commonmark_examples.cjs PACKAGE_DIR OUTPUT (run by the build).
// The package's own index.js extracts them from its spec.txt. The spec shows each tab as "→";
// like the reference test runners, this turns them back into tabs.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const [packageDir, output] = process.argv.slice(2);
let spec;
try {
  spec = require(path.resolve(packageDir));
} catch (error) {
  console.error(`cannot load ${packageDir} (${error.message}): run scripts/setup.sh, which runs npm install`);
  process.exit(1);
}
const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
const tabs = (text) => text.replace(/→/g, '\t');
const examples = spec.tests.map((e) => ({ number: e.number, section: e.section, markdown: tabs(e.markdown), html: tabs(e.html) }));
fs.writeFileSync(output, JSON.stringify({ version, examples }));
