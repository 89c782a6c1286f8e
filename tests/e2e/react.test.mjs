// <openai-chatkit> under npm's @openai/chatkit-react: a React app bundled with esbuild from npm
// (react, react-dom, @openai/chatkit-react), served from its own origin, drives the Todo flow by
// chat and by clicks through useChatKit, its handlers and a client tool; a reload finds the ticked
// todo again through initialThread.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { join } from 'node:path';
import { launchBrowser, openPage, screenshot, startServer } from './harness.mjs';
import { HOSTS_DIR, startHostServer } from './host_server.mjs';

let server;
let host;
let browser;

before(async () => {
  const bundle = await build({
    entryPoints: [join(HOSTS_DIR, 'react.jsx')], bundle: true, write: false, format: 'esm', jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' }, minify: true, logLevel: 'silent',
  });
  host = await startHostServer({ files: { '/react.js': bundle.outputFiles[0].contents } });
  server = await startServer(['--use-case', 'todo', '--model', 'offline', '--cors-origins', host.origin]);
  host.setChatkitOrigin(new URL(server.url).origin);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await host?.stop();
});

const reactLog = (page) => page.evaluate(() => window.reactLog);

test('the Todo flow in a React app: chat, clicks, a client tool, effects; a reload finds the ticked todo', async () => {
  const page = await openPage(browser, server, { allow: [host.url] });
  await page.goto(`${host.url}/react.html`);
  await page.waitForFunction(() => window.reactLog.includes('ready'));
  await page.getByRole('heading', { name: 'Your todos, from React' }).waitFor();
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'React todos');
  const box = page.getByRole('textbox', { name: 'Message' });
  assert.equal(await box.getAttribute('placeholder'), 'Tell me a todo');
  assert.deepEqual(await reactLog(page), ['ready']);

  // By a starter prompt, then by chat.
  await page.getByRole('button', { name: 'Add milk' }).click();
  await page.getByRole('checkbox', { name: 'buy milk' }).waitFor();
  await page.getByRole('button', { name: 'Send' }).waitFor();
  await box.fill('add walk the dog');
  await box.press('Enter');
  await page.getByRole('checkbox', { name: 'walk the dog' }).last().waitFor();
  await page.getByRole('button', { name: 'Send' }).waitFor();
  await page.locator('#counts', { hasText: '2 pending, 0 done' }).waitFor();

  // By a click: tick one in the newest card.
  await page.getByRole('checkbox', { name: 'buy milk' }).last().check();
  await page.locator('#counts', { hasText: '1 pending, 1 done' }).waitFor();
  await page.getByRole('button', { name: 'Send' }).waitFor();

  // A client tool, answered by the app's onClientTool.
  await box.fill('what is the date today?');
  await box.press('Enter');
  await page.getByText('It is Thursday, 24 December 2026, 09:00 (UTC).').waitFor();
  await page.getByRole('button', { name: 'Send' }).waitFor();

  const entries = await reactLog(page);
  const threadId = entries.find((e) => e.startsWith('thread:thr_')).slice('thread:'.length);
  assert.ok(entries.includes('tool:get_local_time'), entries.join(', '));
  assert.ok(entries.includes('effect:todo.counts'));
  assert.equal(entries.filter((e) => e === 'response.start').length, entries.filter((e) => e === 'response.end').length);
  await screenshot(page, 'element-react');

  // A reload: initialThread from localStorage reopens the thread, the tick is still there.
  await page.reload();
  await page.getByRole('checkbox', { name: 'buy milk' }).last().waitFor();
  assert.equal(await page.getByRole('checkbox', { name: 'buy milk' }).last().isChecked(), true);
  assert.ok((await reactLog(page)).includes(`thread:${threadId}`));
  assert.deepEqual(page.trouble, { dialogs: [], errors: [], foreign: [] });
  await page.context().close();
});
