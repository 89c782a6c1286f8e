// Normalises a wire transcript (CHATKIT_WIRE_TRANSCRIPT, tests/server/integration/http_client.hpp)
// so that two builds' answers compare byte for byte: ids become their order of first appearance
// within each test (thr_1, msg_2, ...), timestamps become <time>, the test servers' ports <port>,
// and sections are sorted by test name (stable within a test). Everything else (status lines, headers, bodies) is left as it came.
//   node scripts/wire_transcript.mjs RAW > NORMALISED
import { readFileSync } from 'node:fs';

const raw = readFileSync(process.argv[2], 'latin1');
const sections = new Map();
let current = null;
for (const line of raw.split('\n')) {
  const header = /^=== (\S+) \(\d+ bytes\)$/.exec(line);
  if (header) {
    current = header[1];
    if (!sections.has(current)) sections.set(current, []);
    continue;
  }
  if (current) sections.get(current).push(line);
}

const ID = /\b([a-z]{2,5})_([0-9a-zA-Z]{12,})\b/g;
const TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?/g;
const PORT = /([\w\].]):\d{4,5}\b/g;  // "127.0.0.1:41234", "evil.example:40601", "[::1]:39001"
const out = [];
for (const name of [...sections.keys()].sort()) {
  const ids = new Map();
  const text = sections.get(name).join('\n')
    .replace(TIME, '<time>')
    .replace(PORT, '$1:<port>')
    .replace(ID, (_, kind, value) => {
      if (!ids.has(value)) ids.set(value, `${kind}_${ids.size + 1}`);
      return `<${ids.get(value)}>`;
    });
  out.push(`=== ${name}\n${text}`);
}
process.stdout.write(out.join('\n') + '\n');
