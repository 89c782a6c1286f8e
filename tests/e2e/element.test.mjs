// <openai-chatkit> in a vanilla host page (tests/e2e/hosts/vanilla.html) on another origin than
// chatkit.js and the API: every OpenAIChatKit method, every ChatKitEvents event with its detail,
// the ChatKitOptions we support, client tools and effects, and the shadow root's isolation both ways.
// The Todo use case on the offline model answers; the host's api.fetch carries a bearer token.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, openPage, screenshot, startServer } from './harness.mjs';
import { startHostServer } from './host_server.mjs';

const TOKEN = 'tok-host-app';
let server;
let host;
let browser;
let tokens;

before(async () => {
  tokens = mkdtempSync(join(tmpdir(), 'chatkit-tokens-'));
  writeFileSync(join(tokens, 'tokens'), `${TOKEN} host-user\n`);
  // The host page's origin is another port of 127.0.0.1, allowed by CORS as an app's would be.
  host = await startHostServer();
  server = await startServer(['--use-case', 'todo', '--model', 'offline', '--auth-tokens', join(tokens, 'tokens'),
    '--cors-origins', host.origin]);
  host.setChatkitOrigin(new URL(server.url).origin);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await host?.stop();
  rmSync(tokens, { recursive: true, force: true });
});

/** The host page with the element defined; `options` (page-side JS) are merged into the base options. */
async function openHost({ options = '({})', width = 1100, before: beforeLoad } = {}) {
  const page = await openPage(browser, server, { width, allow: [host.url] });
  await page.addInitScript(() => { window.ran = false; });
  await page.goto(`${host.url}/vanilla.html`);
  if (beforeLoad) await beforeLoad(page);
  await page.evaluate(async ({ options, token }) => {
    window.token = token;
    await customElements.whenDefined('openai-chatkit');
    // eslint-disable-next-line no-eval -- the test's own options, written as page-side JS
    window.options = { ...window.baseOptions(), ...(0, eval)(options) };
    document.getElementById('chat').setOptions(window.options);
  }, { options, token: TOKEN });
  await page.waitForFunction(() => window.events.some((e) => e.name === 'chatkit.ready'));
  return page;
}

const chat = (page) => page.locator('#chat');
const events = (page, name) => page.evaluate((n) => window.events.filter((e) => e.name === n), name);
const sent = (page, type) => page.evaluate((t) => window.sent(t), type);
const composer = (page) => page.getByRole('textbox', { name: 'Message' });
const idle = (page) => page.getByRole('button', { name: 'Send' }).waitFor();
const call = (page, method, ...args) => page.evaluate(({ method, args }) => document.getElementById('chat')[method](...args), { method, args });

test('the element is defined by a classic script from another origin and starts: chatkit.ready, every request through api.fetch', async () => {
  const page = await openHost();
  assert.equal(await page.evaluate(() => customElements.get('openai-chatkit') !== undefined), true);
  assert.equal(await page.evaluate(() => document.getElementById('chat').shadowRoot?.mode), 'open');
  assert.deepEqual((await events(page, 'chatkit.ready')).map((e) => e.detail), [null]);
  // The start screen's default greeting; the history list loaded through the app's fetch.
  await page.getByRole('heading', { name: 'What can I help with today?' }).waitFor();
  assert.ok((await sent(page, 'threads.list')).length >= 1);
  assert.deepEqual(page.trouble, { dialogs: [], errors: [], foreign: [] });
  await page.context().close();
});

test('sendUserMessage: response.start/end, thread.change with the new id, the answer streams', async () => {
  const page = await openHost();
  await call(page, 'sendUserMessage', { text: 'add buy milk' });
  await page.getByText('📋 My Todo List').waitFor();
  const names = (await page.evaluate(() => window.events.map((e) => e.name))).filter((n) => /response|thread\.change/.test(n));
  assert.deepEqual(names.slice(0, 3), ['chatkit.response.start', 'chatkit.thread.change', 'chatkit.response.end']);
  const [change] = await events(page, 'chatkit.thread.change');
  assert.match(change.detail.threadId, /^thr_/);
  const [created] = await sent(page, 'threads.create');
  assert.deepEqual(created.params.input.content, [{ type: 'input_text', text: 'add buy milk' }]);
  await screenshot(page, 'element-vanilla-todo');
  await page.context().close();
});

test('setThreadId opens a thread (thread.load.start/end, thread.change) and null starts a new one', async () => {
  const page = await openHost();
  await call(page, 'sendUserMessage', { text: 'add walk the dog' });
  await idle(page);
  const [{ detail: { threadId } }] = await events(page, 'chatkit.thread.change');
  await call(page, 'setThreadId', null);
  assert.equal(await page.locator('.ck-items > .ck-item').count(), 0);
  await call(page, 'setThreadId', threadId);
  await page.getByRole('checkbox', { name: 'walk the dog' }).waitFor();
  assert.deepEqual((await events(page, 'chatkit.thread.load.start')).map((e) => e.detail), [{ threadId }]);
  assert.deepEqual((await events(page, 'chatkit.thread.load.end')).map((e) => e.detail), [{ threadId }]);
  assert.deepEqual((await events(page, 'chatkit.thread.change')).map((e) => e.detail.threadId), [threadId, null, threadId]);
  // An unknown thread: chatkit.error with an Error, and the new-chat view.
  await call(page, 'setThreadId', 'thr_00000000000000000000000000ff');
  const [error] = await events(page, 'chatkit.error');
  assert.equal(error.detail.error.isError, true);
  assert.match(error.detail.error.message, /thr_0+ff|not found|no thread/i);
  await page.context().close();
});

test('initialThread opens that thread at start', async () => {
  const first = await openHost();
  await call(first, 'sendUserMessage', { text: 'add water plants' });
  await idle(first);
  const [{ detail: { threadId } }] = await events(first, 'chatkit.thread.change');
  await first.context().close();
  const page = await openHost({ options: `({ initialThread: ${JSON.stringify(threadId)} })` });
  await page.getByRole('checkbox', { name: 'water plants' }).waitFor();
  assert.deepEqual((await events(page, 'chatkit.thread.load.end')).map((e) => e.detail), [{ threadId }]);
  await page.context().close();
});

test('showHistory / hideHistory: history.open / close; history options hide rename and delete', async () => {
  const page = await openHost({ options: '({ history: { enabled: true, showRename: false, showDelete: true } })' });
  await call(page, 'sendUserMessage', { text: 'add read a book' });
  await idle(page);
  await call(page, 'showHistory');
  await page.locator('.ck-thread-list > .ck-thread').first().waitFor();
  assert.equal(await page.locator('.ck-thread-rename').count(), 0);
  assert.ok(await page.locator('.ck-thread-delete').count() >= 1);
  await call(page, 'hideHistory');
  assert.equal(await page.locator('.ck-history').isHidden(), true);
  assert.deepEqual((await page.evaluate(() => window.events.map((e) => e.name))).filter((n) => n.startsWith('chatkit.history')),
    ['chatkit.history.open', 'chatkit.history.close']);
  // history.enabled false: no toggle, and showHistory does nothing.
  await page.evaluate(() => document.getElementById('chat').setOptions({ ...window.options, history: { enabled: false } }));
  assert.equal(await page.locator('.ck-history-toggle').count(), 0);
  await call(page, 'showHistory');
  assert.equal(await page.locator('.ck-history').isHidden(), true);
  await page.context().close();
});

test('setComposerValue, focusComposer, and the composer options: placeholder, tools, models', async () => {
  const page = await openHost({ options: `({ composer: { placeholder: 'Ask the todo bot',
    tools: [{ id: 'search', label: 'Search the web', icon: 'search', placeholderOverride: 'Search for…' },
            { id: 'plan', label: 'Plan my day', icon: 'calendar', shortLabel: 'Plan', pinned: true, persistent: true }],
    models: [{ id: 'fast', label: 'Fast' }, { id: 'smart', label: 'Smart', default: true }, { id: 'off', label: 'Off', disabled: true }] } })` });
  assert.equal(await composer(page).getAttribute('placeholder'), 'Ask the todo bot');
  await call(page, 'focusComposer');
  assert.equal(await page.evaluate(() => document.getElementById('chat').shadowRoot.activeElement?.id), 'ck-input');
  await call(page, 'setComposerValue', { text: 'add pack bags', selectedToolId: 'search' });
  assert.equal(await composer(page).inputValue(), 'add pack bags');
  assert.equal(await composer(page).getAttribute('placeholder'), 'Search for…');
  assert.deepEqual((await events(page, 'chatkit.tool.change')).map((e) => e.detail), [{ toolId: 'search' }]);
  assert.equal(await page.getByRole('combobox', { name: 'Model' }).inputValue(), 'smart');
  await composer(page).press('Enter');
  await idle(page);
  const [created] = await sent(page, 'threads.create');
  assert.deepEqual(created.params.input.inference_options, { tool_choice: { id: 'search' }, model: 'smart' });
  // Not persistent: cleared after sending (tool.change null); a pinned tool is a toggle button.
  assert.deepEqual((await events(page, 'chatkit.tool.change')).map((e) => e.detail.toolId), ['search', null]);
  await page.getByRole('button', { name: 'Plan', exact: true }).click();
  await page.getByRole('combobox', { name: 'Model' }).selectOption('fast');
  await composer(page).fill('add stretch');
  await composer(page).press('Enter');
  await idle(page);
  const [added] = await sent(page, 'threads.add_user_message');
  assert.deepEqual(added.params.input.inference_options, { tool_choice: { id: 'plan' }, model: 'fast' });
  assert.equal(await page.getByRole('button', { name: 'Plan', exact: true }).getAttribute('aria-pressed'), 'true');  // persistent
  await page.context().close();
});

test('startScreen greeting and prompts; a prompt sends its text', async () => {
  const page = await openHost({ options: `({ startScreen: { greeting: 'Plan your day', prompts: [
    { label: 'Groceries', prompt: 'add buy eggs', icon: 'check' }, { label: 'Show', prompt: 'show my todos', icon: 'lightbulb' }] } })` });
  await page.getByRole('heading', { name: 'Plan your day' }).waitFor();
  assert.equal(await page.locator('.ck-prompt svg[data-icon="check"]').count(), 1);
  await page.getByRole('button', { name: 'Groceries' }).click();
  await page.getByRole('checkbox', { name: 'buy eggs' }).waitFor();
  assert.equal(await page.getByRole('heading', { name: 'Plan your day' }).isHidden(), true);
  await page.context().close();
});

test('header: title text, left and right actions call the app; enabled false hides it', async () => {
  const page = await openHost({ options: `({ header: { ...window.baseOptions().header, title: { text: 'Todo assistant' } } })` });
  assert.equal(await page.locator('.ck-title').textContent(), 'Todo assistant');
  await page.getByRole('button', { name: 'home' }).click();
  await page.getByRole('button', { name: 'settings-cog' }).click();
  assert.deepEqual(await page.evaluate(() => [window.calls.left, window.calls.right]), [1, 1]);
  await page.evaluate(() => document.getElementById('chat').setOptions({ ...window.options, header: { enabled: false } }));
  assert.equal(await page.locator('.ck-topbar').isHidden(), true);
  await page.context().close();
});

test('threadItemActions: feedback sends items.feedback (and chatkit.log), retry answers again', async () => {
  const page = await openHost({ options: '({ threadItemActions: { feedback: true, retry: true } })' });
  await call(page, 'sendUserMessage', { text: 'add call mom' });
  await idle(page);
  await page.getByRole('button', { name: 'Good response' }).first().click();
  await page.waitForFunction(() => window.sent('items.feedback').length === 1);
  assert.equal((await sent(page, 'items.feedback'))[0].params.kind, 'positive');
  await page.waitForFunction(() => window.events.some((e) => e.name === 'chatkit.log' && e.detail.name === 'feedback'));
  await page.getByRole('button', { name: 'Retry this answer' }).first().click();
  await page.waitForFunction(() => window.sent('threads.retry_after_item').length === 1);
  await idle(page);
  // Off (the default): neither is offered.
  await page.evaluate(() => document.getElementById('chat').setOptions({ ...window.options, threadItemActions: {} }));
  assert.equal(await page.getByRole('button', { name: 'Good response' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Retry this answer' }).count(), 0);
  await page.context().close();
});

test('disclaimer (Markdown), locale with rtl, theme as custom properties', async () => {
  const page = await openHost({ options: `({ disclaimer: { text: 'Answers may be **wrong**.', highContrast: true }, locale: 'ar',
    theme: { colorScheme: 'dark', radius: 'sharp', density: 'compact', typography: { baseSize: 18, fontFamily: 'Georgia, serif' },
      color: { accent: { primary: '#ff6600', level: 2 }, grayscale: { hue: 220, tint: 4 }, surface: { background: '#101820', foreground: '#f0f0f0' } } } })` });
  const disclaimer = page.locator('.ck-disclaimer');
  assert.equal((await disclaimer.textContent()).trim(), 'Answers may be wrong.');
  assert.equal(await disclaimer.locator('strong').count(), 1);
  const root = page.locator('.ck-root');
  assert.equal(await root.getAttribute('dir'), 'rtl');
  assert.equal(await root.getAttribute('lang'), 'ar');
  assert.equal(await page.getByRole('button', { name: 'إرسال' }).count(), 1);
  const style = await page.evaluate(() => {
    const el = document.getElementById('chat').shadowRoot.querySelector('.ck-root');
    const css = getComputedStyle(el);
    const send = getComputedStyle(el.querySelector('.ck-send'));
    return { scheme: el.dataset.scheme, bg: css.backgroundColor, fg: css.color, size: css.fontSize, font: css.fontFamily,
      accent: css.getPropertyValue('--ck-accent').trim(), radius: send.borderTopLeftRadius, sendBg: send.backgroundColor };
  });
  assert.deepEqual(style, { scheme: 'dark', bg: 'rgb(16, 24, 32)', fg: 'rgb(240, 240, 240)', size: '18px', font: 'Georgia, serif',
    accent: '#ff6600', radius: '2px', sendBg: 'rgb(255, 102, 0)' });
  await screenshot(page, 'element-theme-rtl');
  // A bad colour is refused, not half-applied: the default accent stays.
  await page.evaluate(() => document.getElementById('chat').setOptions({ ...window.options, locale: 'fr-FR', theme: { color: { accent: { primary: 'url(x)', level: 1 } } } }));
  assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('chat').shadowRoot.querySelector('.ck-root')).getPropertyValue('--ck-accent').trim()), '#2459d8');
  assert.equal(await page.getByRole('button', { name: 'Envoyer' }).count(), 1);
  assert.equal(await root.getAttribute('dir'), 'ltr');
  await page.context().close();
});

test('entities: @-mention sends an input_tag; onClick and onRequestPreview on the sent tag', async () => {
  const page = await openHost();
  await composer(page).click();
  await page.keyboard.type('add ask @Ad');
  await page.getByRole('option', { name: /Ada Lovelace/ }).waitFor();
  await page.keyboard.press('Enter');
  assert.equal(await composer(page).inputValue(), 'add ask @Ada Lovelace ');
  await page.keyboard.type('about tea');
  await page.keyboard.press('Enter');
  await idle(page);
  const [created] = await sent(page, 'threads.create');
  assert.deepEqual(created.params.input.content, [
    { type: 'input_text', text: 'add ask ' },
    { type: 'input_tag', id: 'ent_ada', text: 'Ada Lovelace', group: 'People', data: { role: 'engineer' }, interactive: true },
    { type: 'input_text', text: ' about tea' }]);
  assert.ok((await page.evaluate(() => window.calls.tagSearch)).includes('Ad'));
  const tag = page.locator('.ck-item-user-message .ck-tag');
  await tag.hover();
  await page.getByText('Preview of Ada Lovelace').waitFor();
  await tag.click();
  assert.deepEqual(await page.evaluate(() => window.calls.entityClick.map((e) => e.id)), ['ent_ada']);
  assert.deepEqual(await page.evaluate(() => window.calls.preview), ['ent_ada']);
  await page.context().close();
});

test('sendCustomAction sends threads.custom_action for the open thread; fetchUpdates shows what changed elsewhere', async () => {
  const page = await openHost();
  await call(page, 'sendUserMessage', { text: 'add fix the bike' });
  await page.getByRole('checkbox', { name: 'fix the bike' }).waitFor();
  await idle(page);
  const itemId = await page.locator('.ck-item-widget').last().getAttribute('data-ck-item');
  await call(page, 'sendCustomAction', { type: 'complete', payload: { id: 1 } }, itemId);
  const [action] = await sent(page, 'threads.custom_action');
  assert.deepEqual(action.params, { thread_id: action.params.thread_id, item_id: itemId, action: { type: 'complete', payload: { id: 1 } } });
  await page.waitForFunction(() => document.getElementById('chat').shadowRoot.querySelector('[role=checkbox], input[type=checkbox]')?.checked === true);
  // Another tab (here: node) adds a message; fetchUpdates brings it in.
  const threadId = action.params.thread_id;
  const input = { content: [{ type: 'input_text', text: 'add from elsewhere' }], attachments: [], inference_options: {} };
  const response = await fetch(`${server.url}/chatkit`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ type: 'threads.add_user_message', params: { thread_id: threadId, input } }) });
  await response.text();
  assert.equal(await page.getByText('add from elsewhere').count(), 0);
  await call(page, 'fetchUpdates');
  await page.getByText('add from elsewhere').waitFor();
  await page.context().close();
});

test('widgets.onAction: an action with handler "client" goes to the app, not the server', async () => {
  const page = await openHost();
  await call(page, 'sendUserMessage', { text: 'add plan the trip' });
  await page.getByRole('checkbox', { name: 'plan the trip' }).waitFor();
  await idle(page);
  const itemId = await page.locator('.ck-item-widget').last().getAttribute('data-ck-item');
  await page.getByRole('button', { name: 'Copy list' }).last().click();
  await page.waitForFunction(() => window.calls.action.length === 1);
  assert.deepEqual(await page.evaluate(() => window.calls.action), [{ action: { type: 'copy_list' }, itemId, widgetType: 'Card' }]);
  assert.equal((await sent(page, 'threads.custom_action')).length, 0);
  await page.context().close();
});

test('setOptions before the element is ready, and again: the second call applies the difference', async () => {
  const page = await openPage(browser, server, { allow: [host.url] });
  await page.goto(`${host.url}/vanilla.html`);
  // Called at once, while the module and the wasm core are still loading.
  await page.evaluate(async (token) => {
    window.token = token;
    await customElements.whenDefined('openai-chatkit');
    window.options = { ...window.baseOptions(), composer: { placeholder: 'first' } };
    document.getElementById('chat').setOptions(window.options);
  }, TOKEN);
  await page.waitForFunction(() => window.events.some((e) => e.name === 'chatkit.ready'));
  assert.equal(await composer(page).getAttribute('placeholder'), 'first');
  await composer(page).fill('kept while options change');
  const listsBefore = (await sent(page, 'threads.list')).length;
  await page.evaluate(() => document.getElementById('chat').setOptions({ ...window.options, composer: { placeholder: 'second' } }));
  assert.equal(await composer(page).getAttribute('placeholder'), 'second');
  assert.equal(await composer(page).inputValue(), 'kept while options change');
  assert.equal((await sent(page, 'threads.list')).length, listsBefore);  // same API: nothing reloaded
  assert.equal((await events(page, 'chatkit.ready')).length, 1);
  await page.context().close();
});

test('client tools and effects: onClientTool answers get_local_time, the run goes on; todo.counts reaches chatkit.effect', async () => {
  const page = await openHost();
  await call(page, 'sendUserMessage', { text: 'add buy bread' });
  await idle(page);
  // The effect carries what the card's badges show (the user's list also holds earlier tests' todos).
  const effects = await events(page, 'chatkit.effect');
  const badge = await page.locator('.ck-item-widget').last().getByText(/^\d+ pending$/).textContent();
  assert.deepEqual(effects.at(-1).detail, { name: 'todo.counts', data: { pending: Number.parseInt(badge, 10), done: effects.at(-1).detail.data.done } });
  assert.equal(typeof effects.at(-1).detail.data.done, 'number');
  await call(page, 'sendUserMessage', { text: 'what is the date today?' });
  await page.waitForFunction(() => window.sent('threads.add_client_tool_output').length === 1);
  await idle(page);
  assert.deepEqual(await page.evaluate(() => window.calls.clientTool.map((c) => c.name)), ['get_local_time']);
  const [output] = await sent(page, 'threads.add_client_tool_output');
  assert.deepEqual(output.params.result, { local_time: '2026-12-24T18:30:00', time_zone: 'Europe/Paris' });
  await page.getByText('It is Thursday, 24 December 2026, 18:30 (Europe/Paris).').waitFor();
  await page.context().close();
});

test('the host page\'s CSS does not reach inside, and ours does not reach out', async () => {
  const page = await openHost();
  await call(page, 'sendUserMessage', { text: 'add style check' });
  await idle(page);
  const looks = await page.evaluate(() => {
    const shadow = document.getElementById('chat').shadowRoot;
    const style = (el) => getComputedStyle(el);
    const send = shadow.querySelector('.ck-send');
    const text = shadow.querySelector('.ck-item-user-message');
    const hostButton = document.getElementById('host-button');
    return {
      innerText: style(text).color, sendBg: style(send).backgroundColor, sendBorder: style(send).borderTopWidth,
      sendFont: style(send).fontSize, rootOutline: style(shadow.querySelector('.ck-root')).outlineStyle,
      rootFont: style(shadow.querySelector('.ck-root')).fontFamily,
      hostTitle: style(document.getElementById('host-title')).color, hostButtonBg: style(hostButton).backgroundColor,
      hostButtonFont: style(hostButton).fontSize, bodyFont: style(document.body).fontFamily,
    };
  });
  assert.notEqual(looks.innerText, 'rgb(255, 0, 0)');
  assert.notEqual(looks.sendBg, 'rgb(0, 128, 0)');
  assert.notEqual(looks.sendBorder, '3px');
  assert.notEqual(looks.sendFont, '30px');
  assert.equal(looks.rootOutline, 'none');
  assert.doesNotMatch(looks.rootFont, /^serif$/);
  assert.deepEqual([looks.hostTitle, looks.hostButtonBg, looks.hostButtonFont, looks.bodyFont], ['rgb(255, 0, 0)', 'rgb(0, 128, 0)', '30px', 'serif']);
  await screenshot(page, 'element-host-css');
  await page.context().close();
});

test('a phone-width host: the element fits, history is a drawer', async () => {
  const page = await openHost({ width: 375 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `scrolls sideways by ${overflow}px`);
  await call(page, 'showHistory');
  const panel = await page.locator('.ck-history').boundingBox();
  const chatBox = await chat(page).boundingBox();
  assert.ok(panel.width < chatBox.width, 'the drawer covers part of the chat');
  // Opened on a narrow host, the drawer takes the focus, so that Escape reaches it. (Waited for: on a
  // loaded machine the ASan server's answers may still be re-rendering the page.)
  await page.waitForFunction(() => document.getElementById('chat').shadowRoot.activeElement?.closest('.ck-history') != null,
    undefined, { timeout: 5000 });
  await page.keyboard.press('Escape');
  await page.locator('.ck-history').waitFor({ state: 'hidden', timeout: 5000 });
  assert.equal(await page.locator('.ck-history').isHidden(), true);
  await page.context().close();
});
