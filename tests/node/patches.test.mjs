// ThreadView.takePatches(): after every feed, the patch operations applied to a model of the DOM
// give exactly view.render(), for every kind of event and widget update, in any chunking; and a
// text delta or a component update touches only what it changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { core, dirsIn, readText } from './support.mjs';
import { DomModel, safetyViolation } from './dom_model.mjs';

const sse = (events) => events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('');
const base = { thread_id: 'thr_1', created_at: '2025-01-02T03:04:05Z' };
const updated = (id, update) => ({ type: 'thread.item.updated', item_id: id, update });

/** Feeds `chunks`, checking the DOM model against render() after each; returns the ops per chunk. */
function run(view, chunks, dom = new DomModel()) {
  const perChunk = [];
  for (const chunk of chunks) {
    view.feed(chunk);
    const ops = view.takePatches();
    dom.applyAll(ops);
    assert.deepStrictEqual(dom.items, view.render());
    assert.equal(dom.duplicateKey(), '');
    assert.equal(safetyViolation(dom.items), '');
    perChunk.push(ops);
  }
  return perChunk;
}

test('every stream fixture, in any chunking, patches the DOM into render()', async () => {
  const { core: ck } = await core();
  const encoder = new TextEncoder();
  for (const name of dirsIn('streams')) {
    const bytes = encoder.encode(readText('streams', name, 'stream.sse'));
    for (const size of [1, 13, bytes.length]) {
      const view = ck.createThreadView();
      const chunks = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      run(view, chunks);
      view.dispose();
    }
  }
});

const card = (checked, text = 'Buy milk') => ({
  type: 'Card', id: 'card', children: [
    { type: 'Text', id: 'title', value: '', streaming: true },
    { type: 'Markdown', id: 'md', value: 'Intro' },
    { type: 'Row', id: 'row_1', children: [
      { type: 'Checkbox', id: 'cb_1', name: 'done', defaultChecked: checked },
      { type: 'Text', id: 't_1', value: text }] },
    { type: 'Input', id: 'note', name: 'note' },
    { type: 'Badge', id: 'count', label: checked ? '0 pending' : '1 pending' }],
});

// One event of every kind, with every item update and widget update.
const everyEvent = [
  { type: 'thread.created', thread: { id: 'thr_1', created_at: base.created_at, items: { data: [], has_more: false } } },
  { type: 'thread.item.done', item: { ...base, id: 'u', type: 'user_message', content: [{ type: 'input_text', text: 'hi' }], inference_options: {} } },
  { type: 'stream_options', stream_options: { allow_cancel: true } },
  { type: 'progress_update', text: 'Thinking' },
  { type: 'thread.item.added', item: { ...base, id: 'wf', type: 'workflow', workflow: { type: 'reasoning', tasks: [] } } },
  updated('wf', { type: 'workflow.task.added', task_index: 0, task: { type: 'thought', content: 'hmm' } }),
  updated('wf', { type: 'workflow.task.updated', task_index: 0, task: { type: 'thought', content: 'hmm, *yes*' } }),
  { type: 'thread.item.added', item: { ...base, id: 'm', type: 'assistant_message', content: [] } },
  updated('m', { type: 'assistant_message.content_part.added', content_index: 0, content: { type: 'output_text', text: '' } }),
  updated('m', { type: 'assistant_message.content_part.text_delta', content_index: 0, delta: '# Title\n\nSome ' }),
  updated('m', { type: 'assistant_message.content_part.text_delta', content_index: 0, delta: 'text' }),
  updated('m', { type: 'assistant_message.content_part.text_delta', content_index: 0, delta: ' and *more*\n\n- a\n- b' }),
  updated('m', { type: 'assistant_message.content_part.annotation_added', content_index: 0, annotation_index: 0,
    annotation: { type: 'annotation', source: { type: 'url', title: 'Src', url: 'https://s.io' } } }),
  updated('m', { type: 'assistant_message.content_part.done', content_index: 0, content: { type: 'output_text', text: '# Title\n\nDone.' } }),
  { type: 'thread.item.done', item: { ...base, id: 'm', type: 'assistant_message', content: [{ type: 'output_text', text: '# Title\n\nDone.' }] } },
  { type: 'thread.item.added', item: { ...base, id: 'w', type: 'widget', widget: card(false) } },
  updated('w', { type: 'widget.streaming_text.value_delta', component_id: 'title', delta: 'Todo', done: false }),
  updated('w', { type: 'widget.streaming_text.value_delta', component_id: 'md', delta: ' **bold**', done: true }),
  updated('w', { type: 'widget.component.updated', component_id: 'cb_1', component: { type: 'Checkbox', id: 'cb_1', name: 'done', defaultChecked: true } }),
  updated('w', { type: 'widget.root.updated', widget: card(true, 'Buy oat milk') }),
  { type: 'thread.item.done', item: { ...base, id: 'w', type: 'widget', widget: card(true, 'Buy oat milk') } },
  { type: 'thread.item.added', item: { ...base, id: 'img', type: 'generated_image' } },
  updated('img', { type: 'generated_image.updated', image: { id: 'i', url: 'https://x.io/i.png' }, progress: 0.5 }),
  { type: 'thread.item.replaced', item: { ...base, id: 'img', type: 'generated_image', image: { id: 'i', url: 'https://x.io/j.png' } } },
  { type: 'client_effect', name: 'confetti' },
  { type: 'notice', level: 'info', message: '**Saved**' },
  { type: 'thread.item.removed', item_id: 'wf' },
  { type: 'thread.updated', thread: { id: 'thr_1', title: 'Groceries', created_at: base.created_at, items: { data: [], has_more: false } } },
  { type: 'error', code: 'stream.error', message: 'boom', allow_retry: true },
];

test('every kind of event and update patches the DOM into render()', async () => {
  const { core: ck } = await core();
  const view = ck.createThreadView();
  const dom = new DomModel();
  const ops = run(view, everyEvent.map((e) => sse([e])), dom);
  const kinds = (i) => ops[i].map((op) => `${op.op} ${op.key ?? op.event?.type ?? ''}`.trim());
  assert.deepStrictEqual(kinds(0), ['thread']);
  assert.deepStrictEqual(kinds(2), ['event stream_options']);
  assert.deepStrictEqual(kinds(10), ['append_text m#0.1']);               // plain text continues a paragraph
  assert.deepStrictEqual(kinds(11), ['replace m#0.1', 'insert m#0.2']);   // emphasis closes, a list starts
  assert.deepStrictEqual(kinds(16), ['append_text w/title']);
  assert.deepStrictEqual(kinds(17), ['replace w/md']);
  assert.deepStrictEqual(kinds(18), ['replace w/cb_1']);
  assert.ok(kinds(19).includes('replace w/t_1'), kinds(19).join());      // a new root: only what changed
  assert.ok(kinds(19).every((k) => k.startsWith('replace w/')), kinds(19).join());
  assert.ok(!kinds(19).includes('replace w'));
  assert.deepStrictEqual(kinds(20), []);                                  // done carries what the view already has
  assert.deepStrictEqual(kinds(26), ['remove wf']);
  assert.equal(dom.thread.title, 'Groceries');
  assert.deepStrictEqual(dom.events.map((e) => e.type),
    ['stream_options', 'progress_update', 'client_effect', 'notice', 'error']);
  view.dispose();
});

test('10,000 text deltas in one SSE stream are 10,000 text appends', async () => {
  const { core: ck } = await core();
  const events = [{ type: 'thread.item.added', item: { ...base, id: 'm', type: 'assistant_message', content: [{ type: 'output_text', text: '' }] } }];
  for (let i = 0; i < 10000; i += 1) events.push(updated('m', { type: 'assistant_message.content_part.text_delta', content_index: 0, delta: `word${i} ` }));
  const view = ck.createThreadView();
  const [ops] = run(view, [sse(events)]);
  const counts = {};
  for (const op of ops) counts[op.op] = (counts[op.op] ?? 0) + 1;
  assert.deepStrictEqual(counts, { insert: 2, append_text: 9999 });
  view.dispose();
});

test('a component update leaves every other node of the card untouched', async () => {
  const { core: ck } = await core();
  const rows = (done) => Array.from({ length: 200 }, (_, i) => ({
    type: 'Row', id: `r${i}`, children: [
      { type: 'Checkbox', id: `c${i}`, name: `done_${i}`, label: `Todo ${i}`, defaultChecked: i === done,
        onChangeAction: { type: 'toggle', payload: { id: i } } },
      { type: 'Input', id: `n${i}`, name: `note_${i}` }] }));
  const view = ck.createThreadView();
  const dom = new DomModel();
  run(view, [sse([{ type: 'thread.item.done', item: { ...base, id: 'w', type: 'widget', widget: { type: 'Card', children: rows(-1) } } }])], dom);
  const untouched = dom.items[0].children[0].children[5];  // row 5: an input the user may be typing in
  const [ops] = run(view, [sse([updated('w', { type: 'widget.component.updated', component_id: 'c7',
    component: rows(7)[7].children[0] })])], dom);
  assert.deepStrictEqual(ops.map((op) => `${op.op} ${op.key}`), ['replace w/c7']);
  assert.equal(dom.items[0].children[0].children[5], untouched);  // the very same node object
  view.dispose();
});

test('a malformed event throws a ChatKitError and keeps the patches of the events before it', async () => {
  const { core: ck, api } = await core();
  const view = ck.createThreadView();
  const good = sse([{ type: 'progress_update', text: 'a' }]);
  assert.throws(() => view.feed(`${good}data: {"type":"thread.item.updated","item_id":"ghost","update":{"type":"widget.root.updated","widget":{"type":"Card","children":[]}}}\n\n`),
    (e) => e instanceof api.ChatKitError && e.code === 'invalid_event' && /ghost/.test(e.message));
  assert.deepStrictEqual(view.takePatches().map((op) => op.op), ['event']);
  assert.deepStrictEqual(view.takePatches(), []);
  view.dispose();
});
