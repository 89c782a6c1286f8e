// Widgets through the real pipeline in Chromium: the wasm renderer's VNodes for every component of
// docs/PROTOCOL.md §5.5 become DOM through the app's builder; the controls have roles and names; and the
// actions the app builds from clicks, changes and submits (form values merged per §5.4) are ones
// the core's validateAction (the server's own check) accepts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assetPath, launchBrowser, openApp, openPage, screenshot, startServer } from './harness.mjs';

const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const CATALOGUE = {
  type: 'Card', id: 'card', size: 'md', status: { text: 'All components', icon: 'sparkle' },
  confirm: { label: 'Confirm', action: { type: 'confirm', payload: { k: 1 } } },
  cancel: { label: 'Dismiss', action: { type: 'cancel' } },
  children: [
    { type: 'Title', value: 'Catalogue', size: 'lg' },
    { type: 'Caption', value: 'Every component once' },
    { type: 'Text', id: 'plain', value: 'plain **not bold** <b>x</b>' },
    { type: 'Markdown', id: 'md', value: '**bold** and <img src=x onerror=alert(1)>' },
    { type: 'Row', gap: 2, children: [
      { type: 'Badge', label: 'new', color: 'success' }, { type: 'Icon', name: 'star' }, { type: 'Spacer' },
      { type: 'Image', src: PIXEL, alt: 'a dot', size: 16 },
      { type: 'Button', id: 'press', label: 'Press', onClickAction: { type: 'press', payload: { n: 1 } } }] },
    { type: 'Divider' },
    { type: 'Form', id: 'form', onSubmitAction: { type: 'save', payload: { form: 'f' } }, children: [
      { type: 'Label', value: 'Todo title', fieldName: 'todo.title' },
      { type: 'Input', name: 'todo.title', defaultValue: 'milk', required: true },
      { type: 'Textarea', name: 'notes', defaultValue: 'two\nlines' },
      { type: 'Select', name: 'list', defaultValue: 'work', options: [{ value: 'home', label: 'Home' }, { value: 'work', label: 'Work' }] },
      { type: 'DatePicker', name: 'due', defaultValue: '2025-01-02' },
      { type: 'Checkbox', name: 'urgent', label: 'Urgent', defaultChecked: true },
      { type: 'RadioGroup', name: 'size', ariaLabel: 'Size', defaultValue: 'm', options: [{ label: 'Small', value: 's' }, { label: 'Medium', value: 'm' }] },
      { type: 'Button', label: 'Save', submit: true }] },
    { type: 'Box', direction: 'row', children: [
      { type: 'Select', name: 'sort', placeholder: 'Sort by', options: [{ value: 'date', label: 'Date' }, { value: 'name', label: 'Name' }], onChangeAction: { type: 'sort' } },
      { type: 'Checkbox', name: 'flag', label: 'Flag it', onChangeAction: { type: 'flag', payload: { id: 1 } } },
      { type: 'DatePicker', name: 'day', onChangeAction: { type: 'day' } }] },
    { type: 'Col', children: [{ type: 'Transition', children: { type: 'Text', value: 'inside a transition' } }] },
  ],
};
const BASIC = {
  type: 'Basic', children: [
    { type: 'Table', children: [
      { type: 'Table.Row', header: true, children: [{ type: 'Table.Cell', children: [{ type: 'Text', value: 'Month' }] }] },
      { type: 'Table.Row', children: [{ type: 'Table.Cell', children: [{ type: 'Text', value: 'January' }] }] }] },
    { type: 'Chart', data: [{ m: 'Feb', v: 3 }], series: [{ type: 'bar', dataKey: 'v', label: 'Sales' }], xAxis: 'm' }],
};
const LIST = {
  type: 'ListView', children: [
    { type: 'ListViewItem', onClickAction: { type: 'open', payload: { id: 7 } }, children: [{ type: 'Text', value: 'Open row seven' }] }],
};

let server;
let browser;
let page;

before(async () => {
  server = await startServer(['--use-case', 'chat', '--model', 'bench:1:1']);
  browser = await launchBrowser();
  page = await openPage(browser, server);
  await page.addInitScript(() => { window.ran = false; });
  await openApp(page, server);
  // Render both widgets with the real core on a stage of their own in the message pane (the app's
  // own list keeps its listeners), listening for actions as the app does.
  await page.evaluate(async ({ modules, widgets }) => {
    const [{ loadChatKitCore }, { build }, { listenForActions }] = await Promise.all(modules.map((m) => import(m)));
    const core = await loadChatKitCore();
    const stage = Object.assign(document.createElement('div'), { className: 'ck-items' });
    ckRoot().querySelector('.ck-items').replaceWith(stage);
    window.fired = [];
    listenForActions(stage, (action) => {
      const widget = widgets[action.itemId];
      const sent = { type: action.config.type, payload: action.payload };
      let verdict = 'accepted';
      try { core.validateAction(widget, sent); } catch (error) { verdict = `${error.code}: ${error.reason}`; }
      window.fired.push({ ...sent, trigger: action.trigger, verdict });
    });
    for (const [itemId, widget] of Object.entries(widgets)) {
      const root = { tag: 'div', attrs: { class: 'ck-item ck-item-widget', 'data-ck-item': itemId }, children: [core.renderWidget(widget, itemId)] };
      stage.append(build(root));
    }
    ckRoot().querySelector('.ck-root').classList.add('ck-has-items');
    ckRoot().querySelector('.ck-start').hidden = true;
  }, { modules: ['chatkit.mjs', 'vdom.js', 'widget_actions.js'].map(assetPath), widgets: { msg_card: CATALOGUE, msg_list: LIST, msg_basic: BASIC } });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const lastFired = () => page.evaluate(() => window.fired.at(-1));

test('every component renders, with roles and names', async () => {
  const card = page.locator('[data-ck-item="msg_card"]');
  await card.getByText('Catalogue').waitFor();
  assert.equal(await card.getByText('Every component once').count(), 1);
  assert.equal(await card.getByText('plain **not bold** <b>x</b>', { exact: true }).count(), 1);
  assert.equal(await card.locator('strong', { hasText: 'bold' }).count(), 1);  // Markdown is rendered…
  assert.equal(await card.getByText('<img src=x onerror=alert(1)>').count(), 1);  // …its raw HTML is text
  assert.equal(await card.locator('img').count(), 1);  // only the Image component
  assert.equal(await card.getByRole('img', { name: 'a dot' }).count(), 1);
  assert.equal(await card.getByText('new', { exact: true }).count(), 1);
  assert.equal(await card.getByRole('textbox', { name: 'Todo title' }).inputValue(), 'milk');
  assert.equal(await card.locator('textarea[name="notes"]').inputValue(), 'two\nlines');
  assert.equal(await card.locator('select[name="list"]').inputValue(), 'work');
  assert.equal(await card.locator('input[name="due"]').inputValue(), '2025-01-02');
  assert.equal(await card.getByRole('checkbox', { name: 'Urgent' }).isChecked(), true);
  assert.equal(await card.getByRole('radio', { name: 'Medium' }).isChecked(), true);
  assert.equal(await card.getByRole('checkbox', { name: 'Flag it' }).isChecked(), false);
  assert.equal(await card.getByText('inside a transition').count(), 1);
  for (const name of ['Press', 'Save', 'Confirm', 'Dismiss']) assert.equal(await card.getByRole('button', { name }).count(), 1, name);
  assert.equal(await page.getByText('Open row seven').count(), 1);
  // Basic root, Table, and Chart (as a data table until a chart renderer exists).
  const basic = page.locator('[data-ck-item="msg_basic"]');
  assert.deepEqual((await basic.locator('.ck-table td').allTextContents()).map((t) => t.trim()), ['Month', 'January']);
  assert.equal(await basic.getByRole('figure').getByRole('cell', { name: 'Feb' }).count(), 1);
  assert.equal(await basic.getByRole('figure').getByRole('columnheader', { name: 'Sales' }).count(), 1);
  await page.evaluate(() => { ckRoot().querySelector('.ck-messages').scrollTop = 0; });
  await screenshot(page, 'widgets-catalogue');
  assert.equal(await page.evaluate(() => window.ran), false);
  assert.deepEqual(page.trouble, { dialogs: [], errors: [], foreign: [] });
});

test('a button sends its action as offered', async () => {
  await page.getByRole('button', { name: 'Press' }).click();
  assert.deepEqual(await lastFired(), { type: 'press', payload: { n: 1 }, trigger: 'click', verdict: 'accepted' });
});

test('a form submit carries every named value, nested by dotted name', async () => {
  const card = page.locator('[data-ck-item="msg_card"]');
  await card.getByRole('textbox', { name: 'Todo title' }).fill('buy bread');
  await card.locator('select[name="list"]').selectOption('home');
  await card.getByRole('checkbox', { name: 'Urgent' }).uncheck();
  await card.getByRole('radio', { name: 'Small' }).check();
  await card.getByRole('button', { name: 'Save' }).click();
  assert.deepEqual(await lastFired(), {
    type: 'save', trigger: 'submit', verdict: 'accepted',
    payload: { form: 'f', todo: { title: 'buy bread' }, notes: 'two\nlines', list: 'home', due: '2025-01-02', urgent: false, size: 's' },
  });
});

test('native validation blocks a submit with a required field empty', async () => {
  const before = (await page.evaluate(() => window.fired.length));
  await page.getByRole('textbox', { name: 'Todo title' }).fill('');
  await page.getByRole('button', { name: 'Save' }).click();
  assert.equal(await page.evaluate(() => window.fired.length), before);
  await page.getByRole('textbox', { name: 'Todo title' }).fill('again');
});

test('change actions carry the control value: select option, checkbox boolean, date', async () => {
  const card = page.locator('[data-ck-item="msg_card"]');
  await card.locator('select[name="sort"]').selectOption('name');
  assert.deepEqual(await lastFired(), { type: 'sort', payload: { sort: 'name' }, trigger: 'change', verdict: 'accepted' });
  await card.getByRole('checkbox', { name: 'Flag it' }).check();
  assert.deepEqual(await lastFired(), { type: 'flag', payload: { id: 1, flag: true }, trigger: 'change', verdict: 'accepted' });
  await card.locator('input[name="day"]').fill('2026-03-04');
  assert.deepEqual(await lastFired(), { type: 'day', payload: { day: '2026-03-04' }, trigger: 'change', verdict: 'accepted' });
});

test('card confirm and list rows (also by keyboard) send their actions', async () => {
  await page.getByRole('button', { name: 'Confirm' }).click();
  assert.deepEqual(await lastFired(), { type: 'confirm', payload: { k: 1 }, trigger: 'confirm', verdict: 'accepted' });
  const row = page.locator('[data-ck-item="msg_list"] [data-ck-action]').first();
  await row.click();
  assert.deepEqual(await lastFired(), { type: 'open', payload: { id: 7 }, trigger: 'click', verdict: 'accepted' });
  const count = await page.evaluate(() => window.fired.length);
  await row.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => window.fired.length), count + 1);
});
