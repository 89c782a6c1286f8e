// Several use cases in one server (--use-case todo,chat): the standalone app shows a switch between
// them; switching shows that use case's chats only, and what the model answers is that use case's
// (Todo's phrasing adds a todo at Todo and is not understood at Chat). The choice survives a reload.
// With one use case there is no switch.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openApp, openPage, screenshot, startServer } from './harness.mjs';

let server;
let single;
let browser;

before(async () => {
  server = await startServer(['--use-case', 'todo,chat', '--model', 'offline:0']);
  single = await startServer(['--use-case', 'chat', '--model', 'offline:0']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await single?.stop();
});

const switcher = (page) => page.getByRole('combobox', { name: 'Use case' });
const rows = (page) => page.locator('.ck-thread-list > .ck-thread');
const composer = (page) => page.getByRole('textbox', { name: 'Message' });
const answers = (page) => page.locator('.ck-item-assistant-message .ck-content');
const assertClean = (page) => assert.deepEqual(page.trouble, { dialogs: [], errors: [], foreign: [] });

/** Sends `text` and waits for the answer to end. */
async function send(page, text) {
  await composer(page).fill(text);
  await composer(page).press('Enter');
  await page.locator('.ck-item-user-message', { hasText: text }).waitFor();
  await page.getByRole('button', { name: 'Send' }).waitFor();
}

test('the switch shows each use case its own chats and answers', async () => {
  const page = await openPage(browser, server);
  await openApp(page, server);
  // Todo first, as at /chatkit.
  assert.equal(await switcher(page).inputValue(), 'todo');
  assert.deepEqual(await switcher(page).locator('option').allTextContents(), ['todo', 'chat']);
  await send(page, 'add buy milk');
  await page.getByRole('checkbox', { name: 'buy milk' }).waitFor();
  await rows(page).first().waitFor();
  assert.equal(await rows(page).count(), 1);
  await screenshot(page, 'mounts-todo');

  // Chat: none of Todo's chats, and Todo's phrasing is not carried out there.
  await switcher(page).selectOption('chat');
  await page.waitForSelector('.ck-root.ck-ready');
  await page.waitForFunction(() => ckRoot().querySelectorAll('.ck-item').length === 0);
  assert.equal(await rows(page).count(), 0);
  assert.equal(new URL(page.url()).searchParams.get('use_case'), 'chat');
  await send(page, 'add buy bread');
  await page.waitForFunction(() => /offline model/.test(ckRoot().querySelector('.ck-item-assistant-message .ck-content')?.textContent ?? ''));
  assert.equal(await page.getByRole('checkbox', { name: 'buy bread' }).count(), 0);
  await rows(page).first().waitFor();
  assert.equal(await rows(page).count(), 1);
  const chatThread = new URL(page.url()).hash.slice(1);
  assert.match(chatThread, /^thr_/);
  await screenshot(page, 'mounts-chat');

  // A reload stays at Chat, in its chat.
  await page.reload();
  await page.waitForSelector('.ck-root.ck-ready');
  assert.equal(await switcher(page).inputValue(), 'chat');
  await page.locator('.ck-item-user-message', { hasText: 'add buy bread' }).waitFor();

  // Back to Todo: its one chat, with the milk and not the bread.
  await switcher(page).selectOption('todo');
  await page.waitForSelector('.ck-root.ck-ready');
  await rows(page).first().waitFor();
  assert.equal(await rows(page).count(), 1);
  await rows(page).first().locator('.ck-thread-open').click();
  await page.getByRole('checkbox', { name: 'buy milk' }).waitFor();
  assert.equal(await page.locator('.ck-item-user-message', { hasText: 'add buy bread' }).count(), 0);
  assert.notEqual(new URL(page.url()).hash.slice(1), chatThread);
  assert.equal((await answers(page).count()) > 0, true);
  assertClean(page);
  await page.context().close();
});

test('one use case: no switch', async () => {
  const page = await openPage(browser, single);
  await openApp(page, single);
  await send(page, 'hello');
  assert.equal(await switcher(page).count(), 0);
  assert.equal(await page.locator('.ck-page-bar').count(), 0);
  assertClean(page);
  await page.context().close();
});
