// Hostile strings from the server or the model (tests/fixtures/render/xss/) in Markdown, in widget
// props and in every item field: the VNodes stay within the .d.ts allowlists, URLs keep safe
// schemes, and no payload ever adds an element.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { core, readJson } from './support.mjs';
import { elementCount, safetyViolation, sortAttributes, toHtml } from './dom_model.mjs';

const payloads = readJson('render', 'xss', 'payloads.json');
const withPayload = (value, payload) => JSON.parse(JSON.stringify(value), (_, v) => (v === '{{P}}' ? payload : v));

test('Markdown payloads stay text', async () => {
  const { core: ck } = await core();
  for (const payload of payloads) {
    const nodes = ck.renderMarkdown(payload);
    assert.equal(safetyViolation(nodes), '', payload);
    assert.ok(elementCount(nodes) <= 1, `${JSON.stringify(payload)} → ${toHtml(nodes)}`);
  }
  assert.equal(toHtml(ck.renderMarkdown('<img src=x onerror=alert(1)>')), sortAttributes('<p class="ck-md-p">&lt;img src=x onerror=alert(1)&gt;</p>'));
});

test('model images never load from a host outside the allowed domains, however spelled', async () => {
  const { core: ck } = await core();
  const options = { allowedImageDomains: ['allowed.com'] };
  for (const url of ['https://evil.example/t.png', '//evil.example/t.png', '///evil.example/t.png', 'https:evil.example/t.png',
    'https://allowed.com@evil.example/t.png', 'https://evil.example%2F.allowed.com/', 'https://allowed.com.evil.example/']) {
    const nodes = ck.renderMarkdown(`![a](${url})`, options);
    assert.ok(!toHtml(nodes).includes('<img'), `${url} → ${toHtml(nodes)}`);
    assert.equal(safetyViolation(nodes), '', url);
  }
  assert.ok(toHtml(ck.renderMarkdown('![a](https://cdn.allowed.com/t.png) ![b](/t.png)', options)).match(/<img /g).length === 2);
});

const widget = {
  type: 'Card', background: '{{P}}', padding: '{{P}}', status: { text: '{{P}}', favicon: '{{P}}' },
  confirm: { label: '{{P}}', action: { type: '{{P}}', payload: '{{P}}' } },
  children: [
    { type: 'Text', id: '{{P}}', value: '{{P}}', color: '{{P}}', width: '{{P}}' },
    { type: 'Title', value: '{{P}}', size: '{{P}}' }, { type: 'Caption', value: '{{P}}' }, { type: 'Markdown', value: '{{P}}' },
    { type: 'Badge', label: '{{P}}', color: '{{P}}' },
    { type: 'Button', label: '{{P}}', iconStart: '{{P}}', onClickAction: { type: '{{P}}' } },
    { type: 'Image', src: '{{P}}', alt: '{{P}}', height: '{{P}}' },
    { type: 'Icon', name: '{{P}}', color: '{{P}}' },
    { type: 'Select', name: '{{P}}', placeholder: '{{P}}', defaultValue: '{{P}}', options: [{ value: '{{P}}', label: '{{P}}' }] },
    { type: 'Input', name: '{{P}}', defaultValue: '{{P}}', placeholder: '{{P}}', pattern: '{{P}}', inputType: '{{P}}' },
    { type: 'Textarea', name: '{{P}}', defaultValue: '{{P}}' },
    { type: 'Checkbox', name: '{{P}}', label: '{{P}}' }, { type: 'Label', value: '{{P}}', fieldName: '{{P}}' },
    { type: 'DatePicker', name: '{{P}}', defaultValue: '{{P}}', min: '{{P}}' },
    { type: 'RadioGroup', name: '{{P}}', ariaLabel: '{{P}}', options: [{ value: '{{P}}', label: '{{P}}' }] },
    { type: 'Row', gap: '{{P}}', border: { size: 1, color: '{{P}}', style: '{{P}}' }, flex: '{{P}}', aspectRatio: '{{P}}', children: [] },
    { type: 'ListView', children: [{ type: 'ListViewItem', onClickAction: { type: '{{P}}' }, children: [] }] },
    { type: 'Chart', data: [{ x: '{{P}}' }], series: [{ type: 'bar', dataKey: 'x', label: '{{P}}' }], xAxis: '{{P}}' },
    { type: '{{P}}', children: [{ type: 'Text', value: '{{P}}' }] }],
};

test('no widget prop can inject markup, attributes, URLs or style', async () => {
  const { core: ck } = await core();
  const benign = elementCount(ck.renderWidget(withPayload(widget, 'x'), 'x'));
  for (const payload of payloads) {
    const node = ck.renderWidget(withPayload(widget, payload), payload);
    assert.equal(safetyViolation(node), '', JSON.stringify(payload));
    assert.ok(elementCount(node) <= benign, JSON.stringify(payload));
  }
});

test('no item field can inject markup', async () => {
  const { core: ck, api } = await core();
  const items = readJson('render', 'xss', 'items.json');
  for (const payload of payloads) {
    for (const item of items) {
      const full = { ...item, id: 'i1', thread_id: 't', created_at: '2025-01-02T03:04:05Z' };
      let node;
      try {
        node = ck.renderItem(withPayload(full, payload));
      } catch (e) {
        assert.ok(e instanceof api.ChatKitError, `${item.type}: ${e}`);  // refused by the codec: nothing rendered
        continue;
      }
      assert.equal(safetyViolation(node), '', `${item.type} ${JSON.stringify(payload)}`);
      assert.ok(elementCount(node) <= elementCount(ck.renderItem(withPayload(full, 'x'))), `${item.type} ${JSON.stringify(payload)}`);
    }
  }
});
