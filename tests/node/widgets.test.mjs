// Widget diffing, applying and validation, and action validation, through the wasm module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tools as core, dirsIn, jsonFilesIn, readJson } from './support.mjs';

test('every widget diff fixture gives the expected updates in both modes', async () => {
  const { core: ck } = await core();
  const cases = dirsIn('widgets');
  assert.ok(cases.length >= 40, `only ${cases.length} cases`);
  for (const name of cases) {
    const before = readJson('widgets', name, 'before.json');
    const after = readJson('widgets', name, 'after.json');
    for (const mode of ['reference', 'fine']) {
      assert.deepStrictEqual(ck.diffWidgets(before, after, mode), readJson('widgets', name, `${mode}.json`), `${name} ${mode}`);
    }
  }
});

// A widget as it travels on the wire: nulls stripped (docs/PROTOCOL.md §0.1).
const wireForm = (ck, widget) =>
  ck.normalize('item', { id: 'w', thread_id: 't', created_at: '2025-01-01T00:00:00Z', type: 'widget', widget }).widget;

test('applying the fine updates to before gives exactly after', async () => {
  const { core: ck } = await core();
  for (const name of dirsIn('widgets')) {
    let widget = wireForm(ck, readJson('widgets', name, 'before.json'));
    for (const update of readJson('widgets', name, 'fine.json')) widget = ck.applyWidgetUpdate(widget, update);
    assert.deepStrictEqual(widget, wireForm(ck, readJson('widgets', name, 'after.json')), name);
  }
});

test('a widget update for an unknown component is refused', async () => {
  const { core: ck, api } = await core();
  assert.throws(
    () => ck.applyWidgetUpdate({ type: 'Card', children: [] }, { type: 'widget.streaming_text.value_delta', component_id: 'ghost', delta: 'x', done: true }),
    (e) => e instanceof api.ChatKitError && e.code === 'invalid_event' && /ghost/.test(e.message));
});

test('an unknown diff mode is refused', async () => {
  const { core: ck } = await core();
  assert.throws(() => ck.diffWidgets({ type: 'Card', children: [] }, { type: 'Card', children: [] }, 'coarse'), /unknown diff mode/);
});

test('valid widgets validate and invalid ones name their first problem', async () => {
  const { core: ck } = await core();
  for (const file of jsonFilesIn('widget_validation', 'valid')) {
    assert.deepStrictEqual(ck.validateWidget(readJson('widget_validation', 'valid', file)), [], file);
  }
  const invalid = jsonFilesIn('widget_validation', 'invalid');
  assert.ok(invalid.length >= 30);
  for (const file of invalid) {
    const spec = readJson('widget_validation', 'invalid', file);
    const issues = ck.validateWidget(JSON.stringify(spec.widget));  // the widget may itself be a JSON string
    assert.ok(issues.length > 0, file);
    assert.equal(issues[0].path, spec.path, `${file}: ${JSON.stringify(issues[0])}`);
    assert.ok(issues[0].message.includes(spec.message_contains), `${file}: ${issues[0].message}`);
  }
});

test('actions are accepted only when the widget offered them', async () => {
  const { core: ck, api } = await core();
  const cases = jsonFilesIn('actions');
  assert.ok(cases.length >= 30);
  for (const file of cases) {
    const spec = readJson('actions', file);
    if (spec.expect === 'ok') {
      assert.equal(ck.validateAction(spec.widget, spec.action).path, spec.path, file);
    } else {
      assert.throws(() => ck.validateAction(spec.widget, spec.action), (e) => {
        assert.ok(e instanceof api.ChatKitError, file);
        assert.equal(e.code, 'action_refused', `${file}: ${e.message}`);
        assert.ok(e.reason.includes(spec.reason_contains), `${file}: ${e.reason}`);
        return true;
      });
    }
  }
});
