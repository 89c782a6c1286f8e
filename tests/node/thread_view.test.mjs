// ThreadView: SSE bytes in any chunking → the same state as the C++ reducer and chatkit-cli.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { core, dirsIn, readJson, readText, tools } from './support.mjs';

test('every stream fixture folds into its expected state, whatever the chunking', async () => {
  const { core: ck } = await core();
  const encoder = new TextEncoder();
  for (const name of dirsIn('streams')) {
    const bytes = encoder.encode(readText('streams', name, 'stream.sse'));
    for (const size of [1, 7, 64, bytes.length]) {
      const view = ck.createThreadView();
      for (let i = 0; i < bytes.length; i += size) view.feed(bytes.subarray(i, i + size));
      view.finish();
      assert.deepStrictEqual(view.state, readJson('streams', name, 'state.json'), `${name} in chunks of ${size}`);
      view.dispose();
    }
  }
});

test('feed returns how many events it applied; their patches say what they were, in order', async () => {
  const { core: ck } = await core();
  const view = ck.createThreadView();
  const count = view.feed('data: {"type":"stream_options","stream_options":{"allow_cancel":true}}\n\ndata: {"type":"progress_update","text":"x"}\n\ndata: {"type":"noti');
  assert.equal(count, 2);
  assert.deepStrictEqual(view.takePatches().map((op) => op.op === 'event' && op.event.type), ['stream_options', 'progress_update']);
  assert.equal(view.feed(''), 0);
  view.dispose();
});

test('load shows a stored page in one call, as thread.updated and one thread.item.done per item would', async () => {
  const { core: ck, api } = await core();
  const thread = { id: 'thr_1', title: 'Groceries', created_at: '2026-01-01T00:00:00Z', status: { type: 'active' }, metadata: {},
    items: { data: [], has_more: false } };
  const item = (id, text) => ({ id, thread_id: 'thr_1', created_at: '2026-01-01T00:00:00Z', type: 'user_message',
    content: [{ type: 'input_text', text }], attachments: [], inference_options: {} });
  const items = [item('a', 'milk'), item('b', 'eggs')];
  const paged = ck.createThreadView();
  paged.load(thread, items);
  const stepwise = ck.createThreadView();
  stepwise.applyEvent({ type: 'thread.updated', thread });
  for (const each of items) stepwise.applyEvent({ type: 'thread.item.done', item: each });
  assert.deepStrictEqual(paged.state, stepwise.state);
  assert.deepStrictEqual(paged.takePatches(), stepwise.takePatches());
  assert.deepStrictEqual(paged.state.items.map((i) => i.id), ['a', 'b']);
  // A malformed item is refused with its index in the path; the items before it stay applied.
  const bad = ck.createThreadView();
  assert.throws(() => bad.load(null, [item('c', 'ok'), { id: 'd', type: 'user_message' }]),
    (e) => e instanceof api.ChatKitError && e.path.startsWith('$[1]'));
  assert.deepStrictEqual(bad.state.items.map((i) => i.id), ['c']);
  assert.throws(() => bad.load(null, '{"not":"an array"}'), (e) => e.code === 'invalid_request');
  for (const view of [paged, stepwise, bad]) view.dispose();
});

test('a truncated stream and an unknown item are refused with clear errors', async () => {
  const { core: ck, api } = await core();
  const view = ck.createThreadView();
  view.feed('data: {"type":"error"');
  assert.throws(() => view.finish(), (e) => e instanceof api.ChatKitError && /truncated/.test(e.message));
  const other = ck.createThreadView();
  assert.throws(
    () => other.applyEvent({ type: 'thread.item.updated', item_id: 'nope', update: { type: 'assistant_message.content_part.text_delta', content_index: 0, delta: 'x' } }),
    (e) => e.code === 'invalid_event' && /unknown item nope/.test(e.message));
  assert.equal(other.item('nope'), null);
  view.dispose();
  other.dispose();
});

test('errors reach JavaScript as Errors with a message, never as numbers', async () => {
  const { core: browser } = await core();
  const { core: withTools } = await tools();
  for (const call of [() => withTools.parseRequest('{'), () => browser.renderWidget('{', 'w')]) {
    try {
      call();
      assert.fail('accepted');
    } catch (error) {
      assert.ok(error instanceof Error);
      assert.equal(typeof error.message, 'string');
      assert.equal(error.code, 'invalid_json');
    }
  }
});

test('a disposed view refuses every call with invalid_state, and a second dispose does nothing', async () => {
  const { core: ck, api } = await core();
  const view = ck.createThreadView();
  view.dispose();
  view.dispose();
  for (const call of [() => view.feed(''), () => view.takePatches(), () => view.state, () => view.item('x'), () => view.finish()]) {
    assert.throws(call, (e) => e instanceof api.ChatKitError && e.code === 'invalid_state' && /disposed/.test(e.message));
  }
});

test('a tool of the tools module is refused by the browser module, naming it', async () => {
  const { core: browser, api } = await core();
  assert.throws(() => browser.diffWidgets({ type: 'Card', children: [] }, { type: 'Card', children: [] }),
    (e) => e instanceof api.ChatKitError && e.code === 'not_implemented' && /^not_implemented: diffWidgets is in the tools module/.test(e.message));
});
