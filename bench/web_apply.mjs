// Times the wasm side of the browser client in node (the in-page DOM timing is web_dom_bench.mjs):
//   1. 10,000 assistant text deltas as one SSE stream: feed + takePatches, then the same fed in
//      10,000 separate chunks (one event each, as a slow network delivers them);
//   2. 1,000 widget.component.updated events on a 200-row todo card, each fed and patched alone;
//   3. the same card re-sent whole 100 times as widget.root.updated (diffed to component replaces);
//   4. a stored history page of 30 items (15 questions, 15 answers of ~80 words) shown in a new view,
//      200 times: one thread.item.done per item through applyEvent, and (modules that have it) one
//      load() call for the whole page.
// Usage: node bench/web_apply.mjs [WASM_DIR]   (default build/wasm). Prints figures; never fails.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = resolve(process.argv[2] ?? 'build/wasm');
const { loadChatKitCore } = await import(join(dir, 'chatkit.mjs'));
const core = await loadChatKitCore({ wasmBinary: readFileSync(join(dir, 'chatkit-core.wasm')) });

const base = { thread_id: 'thr_1', created_at: '2025-01-02T03:04:05Z' };
const frame = (event) => `data: ${JSON.stringify(event)}\n\n`;
const updated = (id, update) => ({ type: 'thread.item.updated', item_id: id, update });
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const line = (label, total, count, ops) =>
  console.log(`${label.padEnd(58)} ${total.toFixed(1).padStart(8)} ms  ${(total * 1000 / count).toFixed(1).padStart(7)} µs/event  ${String(ops).padStart(6)} ops`);

function textStream() {
  const frames = [frame({ type: 'thread.item.added', item: { ...base, id: 'm', type: 'assistant_message', content: [{ type: 'output_text', text: '' }] } })];
  for (let i = 0; i < 10000; i += 1) {
    frames.push(frame(updated('m', { type: 'assistant_message.content_part.text_delta', content_index: 0, delta: `word${i} ` })));
  }
  return frames;
}

function deltasAsOneStream(frames) {
  const view = core.createThreadView();
  const start = process.hrtime.bigint();
  view.feed(frames.join(''));
  const ops = view.takePatches().length;
  line('10,000 text deltas, one SSE chunk, feed + takePatches', ms(start), 10000, ops);
  view.dispose();
}

function deltasOneByOne(frames) {
  const view = core.createThreadView();
  let ops = 0;
  const start = process.hrtime.bigint();
  for (const f of frames) {
    view.feed(f);
    ops += view.takePatches().length;
  }
  line('10,000 text deltas, one chunk each, feed + takePatches', ms(start), 10000, ops);
  view.dispose();
}

const row = (i, done) => ({
  type: 'Row', id: `todo-${i}`, align: 'center', gap: 2, children: [
    { type: 'Checkbox', id: `todo-${i}-check`, name: `done_${i}`, defaultChecked: done, onChangeAction: { type: 'toggle_todo', payload: { todo_id: i } } },
    { type: 'Text', id: `todo-${i}-title`, value: `Todo number ${i}`, lineThrough: done },
    { type: 'Spacer' },
    { type: 'Button', label: '🗑', variant: 'ghost', onClickAction: { type: 'delete_todo', payload: { todo_id: i } } }],
});
const card = (done) => ({
  type: 'Card', id: 'todo-card', children: [
    { type: 'Title', value: 'My todos' },
    { type: 'Form', id: 'add', onSubmitAction: { type: 'add_todo' }, children: [{ type: 'Input', name: 'todo_text' }, { type: 'Button', label: 'Add', submit: true }] },
    { type: 'Col', id: 'rows', children: Array.from({ length: 200 }, (_, i) => row(i, done.has(i))) }],
});

function componentUpdates() {
  const view = core.createThreadView();
  view.feed(frame({ type: 'thread.item.done', item: { ...base, id: 'w', type: 'widget', widget: card(new Set()) } }));
  view.takePatches();
  const frames = Array.from({ length: 1000 }, (_, k) =>
    frame(updated('w', { type: 'widget.component.updated', component_id: `todo-${(k * 7) % 200}`, component: row((k * 7) % 200, k % 2 === 0) })));
  let ops = 0;
  const start = process.hrtime.bigint();
  for (const f of frames) {
    view.feed(f);
    ops += view.takePatches().length;
  }
  line('1,000 component updates, 200-row card, feed + takePatches', ms(start), 1000, ops);
  view.dispose();
}

function rootUpdates() {
  const view = core.createThreadView();
  view.feed(frame({ type: 'thread.item.done', item: { ...base, id: 'w', type: 'widget', widget: card(new Set()) } }));
  view.takePatches();
  const done = new Set();
  const frames = Array.from({ length: 100 }, (_, k) => {
    done.add((k * 13) % 200);
    return frame(updated('w', { type: 'widget.root.updated', widget: card(done) }));
  });
  let ops = 0;
  const start = process.hrtime.bigint();
  for (const f of frames) {
    view.feed(f);
    ops += view.takePatches().length;
  }
  line('100 whole-card root updates, 200-row card (diffed)', ms(start), 100, ops);
  view.dispose();
}

function historyPage() {
  const thread = { ...base, id: 'thr_1', title: 'History', status: { type: 'active' }, metadata: {}, items: { data: [], has_more: false } };
  delete thread.thread_id;
  const words = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
  const items = Array.from({ length: 30 }, (_, i) => (i % 2 === 0
    ? { ...base, id: `u${i}`, type: 'user_message', content: [{ type: 'input_text', text: `question ${i}` }], attachments: [], inference_options: {} }
    : { ...base, id: `a${i}`, type: 'assistant_message', content: [{ type: 'output_text', text: words, annotations: [] }] }));
  const times = 200;
  let start = process.hrtime.bigint();
  for (let k = 0; k < times; k += 1) {
    const view = core.createThreadView();
    view.applyEvent({ type: 'thread.updated', thread });
    for (const item of items) view.applyEvent({ type: 'thread.item.done', item });
    view.takePatches();
    view.dispose();
  }
  line('30-item history page, applyEvent per item + takePatches', ms(start), times * 30, times * 31);
  const probe = core.createThreadView();
  const hasLoad = typeof probe.load === 'function';
  probe.dispose();
  if (!hasLoad) return console.log('(this module has no ThreadView.load)');
  start = process.hrtime.bigint();
  for (let k = 0; k < times; k += 1) {
    const view = core.createThreadView();
    view.load(thread, items);
    view.takePatches();
    view.dispose();
  }
  line('30-item history page, one load() + takePatches', ms(start), times * 30, times * 31);
}

console.log(`wasm module: ${dir}`);
const frames = textStream();
deltasAsOneStream(frames);
deltasOneByOne(frames);
componentUpdates();
rootUpdates();
historyPage();
