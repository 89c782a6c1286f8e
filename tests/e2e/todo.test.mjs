// The Todo use case on the offline model, end to end: "add buy milk" streams a reply and a card;
// ticking the row's checkbox is a threads.custom_action answered with a component update; the
// tick survives a reload, and text typed in the card meanwhile stays; a todo titled with markup
// shows as text and runs nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openApp, openPage, screenshot, startServer } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer(['--use-case', 'todo', '--model', 'offline']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const CARD_TITLE = '📋 My Todo List';

async function say(page, text) {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
  await page.getByRole('button', { name: 'Send' }).waitFor();
}

test('add buy milk: a streamed reply and the card; tick it; reload: still ticked', async () => {
  const page = await openPage(browser, server);
  await page.addInitScript(() => { window.ran = false; });
  await openApp(page, server);
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('add buy milk');
  await box.press('Enter');
  // The reply streams: the assistant message has text before the stream ends.
  await page.locator('.ck-item-assistant-message .ck-content').first().waitFor();
  await page.getByRole('button', { name: 'Send' }).waitFor();
  assert.ok((await page.locator('.ck-item-assistant-message .ck-content').first().textContent()).trim().length > 0);
  await page.getByText(CARD_TITLE).waitFor();
  const milk = page.getByRole('checkbox', { name: 'buy milk' });
  assert.equal(await milk.isChecked(), false);
  await screenshot(page, 'todo-added');
  // Text typed into the card's own input survives the row's update.
  const draft = page.getByPlaceholder('Add a todo…');
  await draft.fill('half-typed');

  const [action] = await Promise.all([
    page.waitForResponse((r) => r.request().postDataJSON()?.type === 'threads.custom_action'),
    milk.check(),
  ]);
  assert.equal(action.status(), 200);
  const sent = action.request().postDataJSON().params;
  assert.equal(sent.action.type, 'toggle');
  assert.equal(sent.action.payload.done, true);  // the checkbox's own value, as a boolean
  await page.getByRole('button', { name: 'Send' }).waitFor();
  assert.equal(await milk.isChecked(), true);
  await page.getByText('1 done').waitFor();
  assert.equal(await draft.inputValue(), 'half-typed');
  await screenshot(page, 'todo-ticked');

  await page.reload();
  await page.waitForSelector('.ck-root.ck-ready');
  await page.getByText(CARD_TITLE).first().waitFor();
  assert.equal(await page.getByRole('checkbox', { name: 'buy milk' }).last().isChecked(), true);
  await screenshot(page, 'todo-after-reload');
  assert.equal(await page.evaluate(() => window.ran), false);
  assert.deepEqual(page.trouble, { dialogs: [], errors: [], foreign: [] });
  await page.context().close();
});

test('a todo titled with markup shows as text and runs nothing', async () => {
  const page = await openPage(browser, server);
  await page.addInitScript(() => { window.ran = false; });
  await openApp(page, server);
  const xss = '<img src=x onerror=alert(1)>';
  await say(page, `add ${xss}`);
  await page.getByText(CARD_TITLE).waitFor();
  const box = page.getByRole('checkbox', { name: xss });
  await box.waitFor();
  assert.ok(await page.locator('.ck-item-widget').getByText(xss, { exact: true }).count() >= 1);
  assert.equal(await page.locator('.ck-items img').count(), 0);
  await page.reload();
  await page.waitForSelector('.ck-root.ck-ready');
  await page.getByRole('checkbox', { name: xss }).first().waitFor();
  assert.equal(await page.locator('.ck-items img').count(), 0);
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.ran), false);
  await screenshot(page, 'todo-xss');
  assert.deepEqual(page.trouble, { dialogs: [], errors: [], foreign: [] });
  await page.context().close();
});
