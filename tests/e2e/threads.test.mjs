// The chat list: newest first in pages of 20 with "Load more", new chat, rename (threads.update)
// and delete (threads.delete), each surviving a reload; a title with markup shows as text.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, createThread, launchBrowser, openApp, openPage, screenshot, startServer } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer(['--use-case', 'chat', '--model', 'bench:1:1']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const rows = (page) => page.locator('.ck-thread-list > .ck-thread');
const titles = async (page) => (await page.locator('.ck-thread-title').allTextContents()).map((t) => t.trim());

test('pages of 20, newest first; Load more brings the rest', async () => {
  const ids = [];
  for (let i = 0; i < 25; i++) {
    const id = await createThread(server, `chat ${i}`);
    await call(server, 'threads.update', { thread_id: id, title: `Chat ${i}` });
    ids.push(id);
  }
  const page = await openPage(browser, server, { height: 2000 });  // tall: "Load more" must be clicked, not scrolled to
  await openApp(page, server);
  await page.waitForFunction(() => ckRoot().querySelectorAll('.ck-thread-list > .ck-thread').length >= 20);
  const first = await titles(page);
  assert.equal(first[0], 'Chat 24');
  const more = page.getByRole('button', { name: 'Load more' });
  // The button, or the observer that clicks it when it scrolls into view: whichever comes first.
  await page.waitForFunction(() => {
    const button = ckRoot().querySelector('.ck-load-more');
    return ckRoot().querySelectorAll('.ck-thread-list > .ck-thread').length === 25 || (button && !button.hidden && !button.disabled);
  });
  if (await rows(page).count() === 20) await more.click({ timeout: 5000 }).catch(() => {});  // may have started by itself meanwhile
  await page.waitForFunction(() => ckRoot().querySelectorAll('.ck-thread-list > .ck-thread').length === 25);
  assert.deepEqual(await titles(page), Array.from({ length: 25 }, (_, i) => `Chat ${24 - i}`));
  assert.equal(await more.isHidden(), true);
  // Open one from the list.
  await page.getByRole('button', { name: /^Chat 3\b/ }).click();
  await page.locator('.ck-item-user-message', { hasText: 'chat 3' }).waitFor();
  assert.equal(new URL(page.url()).hash, `#${ids[3]}`);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Chat 3');
  for (const id of ids) await call(server, 'threads.delete', { thread_id: id });
  await page.context().close();
});

test('new chat, rename and delete; all survive a reload', async () => {
  const page = await openPage(browser, server);
  await openApp(page, server);
  const box = page.getByRole('textbox', { name: 'Message' });
  for (const text of ['first chat', 'second chat']) {
    await page.getByRole('button', { name: 'New chat', exact: true }).click();
    assert.equal(await page.locator('.ck-items > .ck-item').count(), 0);
    await box.fill(text);
    await box.press('Enter');
    await page.locator('.ck-item-assistant-message').waitFor();
    await page.getByRole('button', { name: 'Send' }).waitFor();
  }
  await page.waitForFunction(() => ckRoot().querySelectorAll('.ck-thread-list > .ck-thread').length === 2);

  // Rename the open (second) chat, with markup in the title.
  const xss = '<img src=x onerror=alert(1)>';
  const open = page.locator('.ck-thread', { has: page.locator('[aria-current="page"]') });
  const other = page.locator('.ck-thread', { hasNot: page.locator('[aria-current="page"]') });
  await open.getByRole('button', { name: /^Rename / }).click();
  const field = page.getByRole('textbox', { name: 'Chat title' });
  await field.fill(xss);
  await field.press('Enter');
  await page.getByRole('button', { name: `Rename ${xss}` }).waitFor();
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), xss);
  assert.equal(await page.locator('.ck-sidebar img, .ck-header img').count(), 0);

  // Delete the other one, confirming in place.
  await other.getByRole('button', { name: /^Delete / }).click();
  await other.getByRole('group', { name: /^Delete .*\?$/ }).getByRole('button', { name: 'Delete', exact: true }).click();
  await page.waitForFunction(() => ckRoot().querySelectorAll('.ck-thread-list > .ck-thread').length === 1);
  await screenshot(page, 'threads-renamed');

  await page.reload();
  await page.waitForSelector('.ck-root.ck-ready');
  await page.waitForFunction(() => ckRoot().querySelectorAll('.ck-thread-list > .ck-thread').length === 1);
  assert.deepEqual(await titles(page), [xss]);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), xss);
  assert.equal((await page.locator('.ck-item-user-message').textContent()).trim(), 'second chat');
  const listed = await call(server, 'threads.list', {});
  assert.deepEqual(listed.data.map((t) => t.title), [xss]);
  assert.deepEqual(page.trouble, { dialogs: [], errors: [], foreign: [] });
  await page.context().close();
});

test('deleting the open chat returns to a new chat', async () => {
  const id = await createThread(server, 'doomed');
  const page = await openPage(browser, server);
  await openApp(page, server, `/#${id}`);
  await page.locator('.ck-item-user-message', { hasText: 'doomed' }).waitFor();
  const open = page.locator('.ck-thread', { has: page.locator('[aria-current="page"]') });
  await open.getByRole('button', { name: /^Delete / }).click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.waitForFunction(() => ckRoot().querySelectorAll('.ck-items > .ck-item').length === 0 && !location.hash);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'New chat');
  await assert.rejects(call(server, 'threads.get_by_id', { thread_id: id }), /404/);
  await page.context().close();
});
