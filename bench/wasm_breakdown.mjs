// Where the bytes of a wasm module go: its functions grouped by the part of the code they belong
// to (by name, so the module must carry a name section: link it with --profiling-funcs, as
// bench/wasm_breakdown.sh does), its data, and the rest, each raw and gzip -9 (zlib level 9).
// A group's gzip figure compresses its functions alone: the parts compress a little better
// together than the sum of the groups says, so the module's own total is printed too.
// Usage: node bench/wasm_breakdown.mjs NAMED.wasm [--functions GROUP] (lists a group's biggest).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const listGroup = args.includes('--functions') ? args[args.indexOf('--functions') + 1] : null;
if (!file) {
  console.error('usage: node bench/wasm_breakdown.mjs NAMED.wasm [--functions GROUP]');
  process.exit(2);
}
const bytes = readFileSync(file);
const gz = (buffer) => gzipSync(buffer, { level: 9 }).length;

// ---- the binary: sections, function bodies, data segments, function names ------------------

let at = 8;
const u32 = () => {
  let result = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    result |= (byte & 0x7f) << shift;
    shift += 7;
    if (byte < 0x80) return result >>> 0;
  }
};
const name = () => {
  const length = u32();
  const text = bytes.toString('utf8', at, at + length);
  at += length;
  return text;
};

let importedFunctions = 0;
const bodies = [];
const segments = [];
const names = new Map();
const sections = { code: 0, data: 0, names: 0 };
while (at < bytes.length) {
  const start = at;
  const id = bytes[at++];
  const size = u32();
  const end = at + size;
  if (id === 2) {  // imports: function imports come first in the index space
    for (let n = u32(); n > 0; --n) {
      name();
      name();
      const kind = bytes[at++];
      if (kind === 0) {
        u32();
        ++importedFunctions;
      } else if (kind === 1) {
        at += 1;
        const flags = u32();
        u32();
        if (flags & 1) u32();
      } else if (kind === 2) {
        const flags = u32();
        u32();
        if (flags & 1) u32();
      } else if (kind === 3) {
        at += 2;
      } else {
        at += 1;
        u32();
      }
    }
  } else if (id === 10) {
    sections.code = size;
    for (let n = u32(); n > 0; --n) {
      const length = u32();
      bodies.push(bytes.subarray(at, at + length));
      at += length;
    }
  } else if (id === 11) {
    sections.data = size;
    for (let n = u32(); n > 0; --n) {
      const flags = u32();
      if (flags === 2) u32();
      if (flags !== 1) {
        while (bytes[at] !== 0x0b) ++at;  // the offset expression, up to its `end`
        ++at;
      }
      const length = u32();
      segments.push(bytes.subarray(at, at + length));
      at += length;
    }
  } else if (id === 0 && name() === 'name') {
    sections.names = end - start;
    while (at < end) {
      const kind = bytes[at++];
      const length = u32();
      const next = at + length;
      if (kind === 1) {
        for (let n = u32(); n > 0; --n) {
          const index = u32();
          names.set(index, name());
        }
      }
      at = next;
    }
  }
  at = end;
}
if (names.size === 0) {
  console.error(`${file} has no function names: link it with --profiling-funcs (bench/wasm_breakdown.sh)`);
  process.exit(2);
}

// ---- groups -----------------------------------------------------------------------------------

// The function a std::visit dispatcher (or a lambda) works for: the first chatkit function named
// in the visitor's type. Dispatchers of the variants' own copies, moves and destructors have none.
const owner = (full) => {
  const visitor = full.indexOf('__value_visitor<');
  if (visitor < 0) return null;
  const text = full.slice(visitor).replace(/chatkit::Overloaded</g, '').replaceAll('(anonymous namespace)', '{anon}');
  const match = /chatkit::[A-Za-z_:{}]*[A-Za-z_](?=[<(])/.exec(text);
  return match ? match[0].replaceAll('{anon}', '(anonymous namespace)') : null;
};

// First match wins. Each rule tests the function's full demangled name.
const groups = [
  // md_parse's internals that are called once are inlined into parse_markdown_tree by wasm-opt:
  // that function is mostly md4c.
  ['md4c (Markdown parser)', /^md_|^[a-z_]*md_[a-z_]*$|^chatkit::render::parse_markdown_tree\(/],
  ['strtod and printf (musl, long double in software)', /^(__floatscan|scanexp|decfloat|hexfloat|strtox|__shgetc|__shlim|__intscan|strto[dfl]|fmodl|scalbnl?|copysignl|frexpl?|__(add|sub|mul|div)tf3|__(eq|ne|lt|le|gt|ge|unord)tf2|__extend[a-z]+tf2|__trunc[a-z]+tf2|__float[a-z]*tf|__fix[a-z]*tf[a-z]*|__[a-z]+ti3|fmt_fp|fmt_[xou]|printf_core|pop_arg.*|__vfprintf_internal|v?snprintf|sn_write|getint|out|pad|wctomb|wcrtomb|__towrite|__lockfile|__unlockfile)$/],
  ['JSON parsing (nlohmann lexer and parser, our SAX handler)', /nlohmann::json_abi_v3_11_2::detail::(parser|lexer|json_sax|input_adapter|iterator_input_adapter|parse_error|exception)|^chatkit::parse_json|^chatkit::\(anonymous namespace\)::TreeBuilder|^chatkit::\(anonymous namespace\)::first_overrun/],
  ['JSON writing (nlohmann serializer, to_wire)', /nlohmann::json_abi_v3_11_2::detail::(serializer|dtoa_impl|to_chars|output_)|::dump\(|^chatkit::to_wire|^chatkit::json_excerpt/],
  ['protocol decoding (codec)', /^(void |bool |std::__2::optional<unsigned long> )?chatkit::codec::(read|Reader|expect_object|enum_index|variant_index|fail|Path|Codec<[^>]*>::read)|codec::Reader&|^chatkit::(decode_|parse_event|parse_iso8601)|^chatkit::\(anonymous namespace\)::(Cursor|bad)\b/],
  ['protocol encoding (codec)', /chatkit::codec::(write|Writer|object_of_type|Codec<[^>]*>::write)|codec::Writer&|^chatkit::(encode_|format_iso8601)|^chatkit::\(anonymous namespace\)::put_digits/],
  ['thread patcher (events to patch operations)', /chatkit::render::(ThreadPatcher|to_json\(std::__2::variant<chatkit::render::ThreadOp|widget_update_ops|widget_item_ops|part_key|\(anonymous namespace\)::(dom_diff|same_except|collect_ids|changed_))/],
  ['Markdown tree and streaming text (ours)', /chatkit::render::(StreamingText|parse_blocks|render_markdown|markdown_|decode_entity|decode_named_entity|append_utf8|\(anonymous namespace\)::(TreeBuilder|on_enter|on_leave|on_text|list_item|heading|append_to|plain_text|split_lines|block_))/],
  ['renderer (widgets, items, virtual DOM, sanitising)', /^(std::__2::basic_string<[^(]*> |void |bool |std::__2::optional<[^(]*> )?chatkit::render::/],
  ['reducer', /^(chatkit::Result<chatkit::Ok> |void |bool )?chatkit::(apply_event|apply_update|find_item|\(anonymous namespace\)::(fold|upsert|part_at|apply_|wrong_target|refuse|forget_pending|targets|update_type|without_items))/],
  ['action validation, widget catalogue and tree', /chatkit::(validate_action|widget::|strip_widget_nulls|\(anonymous namespace\)::(configured_mismatch|form_value|option_problem|add_field|expect_value|string_at|push_children|walk|Offer|Visit))/],
  ['SSE decoder', /chatkit::Sse|chatkit::decode_sse/],
  ['bindings and envelope (wasm/)', /chatkit::wasm::/],
  ['embind', /emscripten::|_embind_|__getTypeName|embind_init/],
  ['protocol model: copies, moves, destructors, its containers', /chatkit::|__variant_detail/],
  ['JSON values (nlohmann, containers of them)', /nlohmann::/],
  ['malloc (emmalloc)', /^(emmalloc_|malloc|free|realloc|calloc|aligned_alloc|posix_memalign|memalign|sbrk|claim_more_memory|attempt_allocate|operator new|operator delete|\(anonymous namespace\)::(offset_from_node|after|node_from_offset))/],
  ['qsort (musl, md4c)', /^(qsort|trinkle|sift|cycle|shl|shr|pntz|wrapper_cmp)$/],
  ['libc++ strings and containers', /std::__2::/],
  ['libc, libc++abi', /.*/],
];
const groupOf = (name) => {
  const full = name.replace(/^byn\$mgfn-shared\$/, '');  // functions wasm-opt merged keep one name
  const target = owner(full) ?? full;
  for (const [label, rule] of groups) {
    if (rule.test(target) || (target !== full && rule.test(full))) return label;
  }
  return 'libc, libc++abi';
};

const byGroup = new Map(groups.map(([label]) => [label, { functions: [], raw: 0 }]));
bodies.forEach((body, i) => {
  const full = names.get(importedFunctions + i) ?? `function ${importedFunctions + i}`;
  const group = byGroup.get(groupOf(full));
  group.functions.push({ full, size: body.length, body });
  group.raw += body.length;
});

// The packed entity table (core/render/html_entity_names_packed.cpp) is one string from md4c's
// first entry to its last; a module without it (md4c's own entity.c) counts it as other data.
const data = Buffer.concat(segments);
const entityStart = data.indexOf('AElig;\xc3\x86\0AMP;&\0', 0, 'latin1');
const entityEnd = entityStart < 0 ? -1 : data.indexOf('zwnj;\xe2\x80\x8c\0', entityStart, 'latin1') + 9;
const packed = entityStart >= 0 && entityEnd > entityStart;
const entities = packed ? data.subarray(entityStart, entityEnd) : Buffer.alloc(0);
const otherData = packed ? Buffer.concat([data.subarray(0, entityStart), data.subarray(entityEnd)]) : data;

// ---- report -----------------------------------------------------------------------------------

const rows = [...byGroup.entries()]
  .filter(([, g]) => g.raw > 0)
  .map(([label, g]) => ({ label, count: g.functions.length, raw: g.raw, gz: gz(Buffer.concat(g.functions.map((f) => f.body))) }))
  .sort((a, b) => b.raw - a.raw);
const shipped = bytes.length - sections.names;
const code = bodies.reduce((sum, b) => sum + b.length, 0);
const pad = (value, width) => String(value).padStart(width);
console.log(`${'part'.padEnd(64)} ${pad('funcs', 5)} ${pad('raw', 8)} ${pad('gzip', 8)}`);
for (const row of rows) console.log(`${row.label.padEnd(64)} ${pad(row.count, 5)} ${pad(row.raw, 8)} ${pad(row.gz, 8)}`);
console.log(`${'code, all functions together'.padEnd(64)} ${pad(bodies.length, 5)} ${pad(code, 8)} ${pad(gz(Buffer.concat(bodies)), 8)}`);
console.log(`${'data: the HTML entity table'.padEnd(64)} ${pad('', 5)} ${pad(entities.length, 8)} ${pad(gz(entities), 8)}`);
console.log(`${'data: everything else (strings, tables)'.padEnd(64)} ${pad('', 5)} ${pad(otherData.length, 8)} ${pad(gz(otherData), 8)}`);
console.log(`${'the rest (types, imports, exports, table, section headers)'.padEnd(64)} ${pad('', 5)} ${pad(shipped - code - data.length, 8)}`);
console.log(`module without its name section: ${shipped} bytes`);

if (listGroup) {
  const entry = [...byGroup.entries()].find(([label]) => label.startsWith(listGroup));
  if (!entry) throw new Error(`no group starting with '${listGroup}'`);
  console.log(`\n${entry[0]}, biggest functions:`);
  for (const f of entry[1].functions.sort((a, b) => b.size - a.size).slice(0, 40)) {
    console.log(`${pad(f.size, 7)}  ${f.full.slice(0, 150)}`);
  }
}
