// The renderer through the wasm module: Markdown, widgets and items to VNodes, its errors, and the
// action attributes that validateAction accepts back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { core, readJson } from './support.mjs';
import { safetyViolation, sortAttributes, toHtml } from './dom_model.mjs';

test('every Markdown fixture renders as the C++ suite expects', async () => {
  const { core: ck } = await core();
  const cases = readJson('render', 'markdown.json');
  assert.ok(cases.length >= 40);
  for (const { name, markdown, html, allowed_image_domains: allowedImageDomains } of cases) {
    const nodes = ck.renderMarkdown(markdown, { allowedImageDomains });
    assert.equal(toHtml(nodes), sortAttributes(html), name);
    assert.equal(safetyViolation(nodes), '', name);
  }
});

const kebab = (type) => type.replace(/\./g, '').replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();

test('every component of the catalogue renders with its class', async () => {
  const { core: ck } = await core();
  const components = [
    { type: 'Card', children: [] }, { type: 'ListView', children: [] }, { type: 'ListViewItem', children: [] },
    { type: 'Basic', children: [] }, { type: 'Box' }, { type: 'Row' }, { type: 'Col' }, { type: 'Form' },
    { type: 'Text', value: 't' }, { type: 'Title', value: 't' }, { type: 'Caption', value: 't' },
    { type: 'Markdown', value: '*m*' }, { type: 'Badge', label: 'b' }, { type: 'Button', label: 'b' }, { type: 'Divider' },
    { type: 'Spacer' }, { type: 'Icon', name: 'star' }, { type: 'Image', src: 'https://x.io/i.png' },
    { type: 'Select', name: 's', options: [{ value: 'a', label: 'A' }] }, { type: 'DatePicker', name: 'd' },
    { type: 'Checkbox', name: 'c' }, { type: 'Input', name: 'i' }, { type: 'Textarea', name: 't' },
    { type: 'Label', value: 'l', fieldName: 'i' }, { type: 'RadioGroup', name: 'r' },
    { type: 'Transition', children: { type: 'Text', value: 'x' } },
    { type: 'Chart', data: [{ x: 'a', y: 1 }], series: [{ type: 'bar', dataKey: 'y' }], xAxis: 'x' },
    { type: 'Table', children: [] }, { type: 'Table.Row', children: [] }, { type: 'Table.Cell', children: [] },
  ];
  assert.equal(components.length, 30);
  for (const component of components) {
    const node = ck.renderWidget(component, 'w');
    assert.ok(node.attrs.class.split(' ').includes(`ck-${kebab(component.type.replace('.', '-'))}`), `${component.type}: ${toHtml(node)}`);
    assert.equal(safetyViolation(node), '', component.type);
  }
});

test('widgets: keys, actions and form controls', async () => {
  const { core: ck } = await core();
  const node = ck.renderWidget({
    type: 'Card', id: 'card', children: [
      { type: 'Form', id: 'f', onSubmitAction: { type: 'add_todo' }, children: [
        { type: 'Input', id: 'in', name: 'todo_text', placeholder: 'What?' },
        { type: 'Button', label: 'Add', submit: true }] },
      { type: 'Button', id: 'b', label: 'Go', onClickAction: { type: 'go', payload: { id: 3 } } }],
  }, 'msg_1');
  assert.equal(node.key, 'msg_1/card');
  const [form, button] = node.children;
  assert.equal(form.tag, 'form');
  assert.equal(form.key, 'msg_1/f');
  assert.equal(form.attrs['data-ck-form'], '');
  assert.deepStrictEqual(JSON.parse(form.attrs['data-ck-action']),
    { type: 'add_todo', payload: null, handler: 'server', loadingBehavior: 'auto', streaming: true });
  assert.equal(form.children[0].attrs.name, 'todo_text');
  assert.equal(form.children[0].key, 'msg_1/in');
  assert.equal(form.children[1].attrs.type, 'submit');
  assert.equal(button.attrs['data-ck-item'], 'msg_1');
  assert.deepStrictEqual(JSON.parse(button.attrs['data-ck-action']).payload, { id: 3 });
});

test('the actions a rendered widget carries validate, with their form values', async () => {
  const { core: ck, api } = await core();
  const widget = {
    type: 'Card', children: [
      { type: 'Form', onSubmitAction: { type: 'add_todo' }, children: [{ type: 'Input', name: 'todo_text' }] },
      { type: 'Checkbox', name: 'done', onChangeAction: { type: 'toggle', payload: { id: 1 } } }],
  };
  const actions = [];
  const walk = (node) => {
    if (typeof node === 'string') return;
    if (node.attrs?.['data-ck-action']) actions.push(JSON.parse(node.attrs['data-ck-action']));
    (node.children ?? []).forEach(walk);
  };
  walk(ck.renderWidget(widget, 'w'));
  assert.deepStrictEqual(actions.map((a) => a.type), ['add_todo', 'toggle']);
  assert.equal(ck.validateAction(widget, { type: 'add_todo', payload: { todo_text: 'milk' } }).path, '$.children[0].onSubmitAction');
  ck.validateAction(widget, { type: actions[1].type, payload: { ...actions[1].payload, done: true } });
  assert.throws(() => ck.validateAction(widget, { type: 'toggle', payload: { id: 2 } }),
    (e) => e instanceof api.ChatKitError && e.code === 'action_refused');
});

test('items render; hidden items are null', async () => {
  const { core: ck } = await core();
  const base = { thread_id: 't', created_at: '2025-01-02T03:04:05Z' };
  const user = ck.renderItem({ ...base, id: 'u', type: 'user_message', content: [{ type: 'input_text', text: 'hi <b>' }], inference_options: {} });
  assert.equal(toHtml(user), sortAttributes(
    '<div class="ck-item ck-item-user-message" data-ck-item="u"><div class="ck-user-content"><span class="ck-input-text">hi &lt;b&gt;</span></div></div>'));
  assert.equal(user.key, 'u');
  const message = ck.renderItem(JSON.stringify({ ...base, id: 'm', type: 'assistant_message', content: [{ type: 'output_text', text: 'a\n\nb' }] }));
  assert.deepStrictEqual(message.children[0].children.map((n) => n.key), ['m#0.0', 'm#0.1']);
  assert.equal(ck.renderItem({ ...base, id: 'h', type: 'sdk_hidden_context', content: 'x' }), null);
});

test("images load from the thread's allowed domains: in a thread view, and in renderItem given them", async () => {
  const { core: ck } = await core();
  const base = { thread_id: 't', created_at: '2025-01-02T03:04:05Z' };
  const message = { ...base, id: 'm', type: 'assistant_message', content: [{ type: 'output_text', text: '![c](https://cdn.img.example/c.png)' }] };
  const images = (nodes) => (toHtml(nodes).match(/<img /g) ?? []).length;
  assert.equal(images(ck.renderItem(message)), 0);
  assert.match(toHtml(ck.renderItem(message)), /<a [^>]*href="https:\/\/cdn.img.example\/c.png"[^>]*>c<\/a>/);
  assert.equal(images(ck.renderItem(message, { allowedImageDomains: ['img.example'] })), 1);
  const view = ck.createThreadView();
  const thread = { id: 't', created_at: base.created_at, allowed_image_domains: ['img.example'], items: { data: [], has_more: false } };
  view.applyEvent({ type: 'thread.created', thread });
  view.applyEvent({ type: 'thread.item.done', item: message });
  assert.equal(images(view.render()), 1);
  view.applyEvent({ type: 'thread.updated', thread: { ...thread, allowed_image_domains: undefined } });
  assert.equal(images(view.render()), 0);
  view.dispose();
});

test('render errors are ChatKitErrors with a message, never numbers', async () => {
  const { core: ck, api } = await core();
  for (const [call, code] of [
    [() => ck.renderWidget('[1,2]', 'w'), 'invalid_widget'],
    [() => ck.renderWidget('{"type":', 'w'), 'invalid_json'],
    [() => ck.renderItem({ id: 'x', type: 'spaceship' }), null],
    [() => ck.renderMarkdown('x', { allowedImageDomains: 'img.example' }), 'invalid_request'],
  ]) {
    assert.throws(call, (e) => {
      assert.ok(e instanceof api.ChatKitError && e instanceof Error);
      assert.equal(typeof e.message, 'string');
      assert.ok(e.message.length > 0);
      if (code) assert.equal(e.code, code);
      return true;
    });
  }
});

test('the browser module refuses the tools-only functions, and names the tools module', async () => {
  const { core: ck, api } = await core();
  for (const call of [() => ck.parseRequest('{}'), () => ck.normalize('item', {}), () => ck.validateWidget({ type: 'Card' }),
    () => ck.diffWidgets({}, {}), () => ck.applyWidgetUpdate({}, {})]) {
    assert.throws(call, (e) => e instanceof api.ChatKitError && e.code === 'not_implemented' && /tools: true/.test(e.message));
  }
});
