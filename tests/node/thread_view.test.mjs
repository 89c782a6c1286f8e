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

test('feed returns the events it applied, in order', async () => {
  const { core: ck } = await core();
  const view = ck.createThreadView();
  const events = view.feed('data: {"type":"stream_options","stream_options":{"allow_cancel":true}}\n\ndata: {"type":"progress_update","text":"x"}\n\n');
  assert.deepStrictEqual(events.map((e) => e.type), ['stream_options', 'progress_update']);
  assert.deepStrictEqual(view.feed(''), []);
  view.dispose();
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
