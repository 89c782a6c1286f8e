// The chat against the real server on the bench model (`word0 word1 …`, 40 ms apart): streaming,
// the composer's keys, history pages, feedback, retry after an error event, and markup in a user
// message shown as text with nothing run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, createThread, launchBrowser, openApp, openPage, screenshot, startServer } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer(['--use-case', 'chat', '--model', 'bench:20:40']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const composer = (page) => page.getByRole('textbox', { name: 'Message' });
const answers = (page) => page.locator('.ck-item-assistant-message .ck-content');
const assertClean = (page) => assert.deepEqual(page.trouble, { dialogs: [], errors: [], foreign: [] });

test('a message streams its answer word by word and opens a thread', async () => {
  const page = await openPage(browser, server);
  await openApp(page, server);
  await composer(page).fill('hello');
  await composer(page).press('Enter');
  await assert.doesNotReject(page.getByText('hello', { exact: true }).waitFor());
  // Mid-stream: some words are there and the last is not yet.
  await page.waitForFunction(() => /word3 /.test(ckRoot().querySelector('.ck-item-assistant-message .ck-content')?.textContent ?? ''));
  const partial = await answers(page).last().textContent();
  assert.doesNotMatch(partial, /word19/);
  assert.equal(await page.getByRole('button', { name: 'Stop' }).isVisible(), true);
  await page.waitForFunction(() => /word19/.test(ckRoot().querySelector('.ck-item-assistant-message .ck-content')?.textContent ?? ''));
  await page.getByRole('button', { name: 'Send' }).waitFor();
  assert.equal((await answers(page).last().textContent()).trim(), Array.from({ length: 20 }, (_, i) => `word${i}`).join(' '));
  // The new thread is in the URL and at the top of the chat list, marked as the open one.
  const id = new URL(page.url()).hash.slice(1);
  assert.match(id, /^thr_[0-9a-f]{28}$/);
  const current = page.locator('.ck-thread-open[aria-current="page"]');
  assert.equal(await current.count(), 1);
  await screenshot(page, 'chat-streamed');
  assertClean(page);
  await page.context().close();
});

test('Shift+Enter adds a line, Enter sends both lines', async () => {
  const page = await openPage(browser, server);
  await openApp(page, server);
  const box = composer(page);
  await box.click();
  await page.keyboard.type('first line');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('second line');
  assert.equal(await box.inputValue(), 'first line\nsecond line');
  assert.equal(await page.locator('.ck-item-user-message').count(), 0);
  await page.keyboard.press('Enter');
  await page.locator('.ck-item-user-message').waitFor();
  assert.equal(await box.inputValue(), '');
  assert.equal((await page.locator('.ck-item-user-message').textContent()).trim(), 'first line\nsecond line');
  await page.waitForFunction(() => /word19/.test(ckRoot().querySelector('.ck-item-assistant-message .ck-content')?.textContent ?? ''));
  assertClean(page);
  await page.context().close();
});

test('a user message with markup shows as text and runs nothing', async () => {
  const page = await openPage(browser, server);
  // Set before any page script, on every load: only injected markup could flip it.
  await page.addInitScript(() => { window.ran = false; });
  await openApp(page, server);
  const xss = '<img src=x onerror=alert(1)>';
  await composer(page).fill(`${xss} <script>window.ran = true</script> [x](javascript:alert(2))`);
  await composer(page).press('Enter');
  const bubble = page.locator('.ck-item-user-message');
  await bubble.waitFor();
  await page.getByRole('button', { name: 'Send' }).waitFor();
  assert.equal((await bubble.textContent()).trim(), `${xss} <script>window.ran = true</script> [x](javascript:alert(2))`);
  assert.equal(await page.locator('.ck-items img, .ck-items script, .ck-items a[href^="javascript"]').count(), 0);
  // And after a reload, from the store.
  await page.reload();
  await page.waitForSelector('.ck-root.ck-ready');
  await page.locator('.ck-item-user-message').waitFor();
  assert.equal((await page.locator('.ck-item-user-message').textContent()).trim(), `${xss} <script>window.ran = true</script> [x](javascript:alert(2))`);
  assert.equal(await page.locator('.ck-items img, .ck-items script').count(), 0);
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.ran), false);
  await screenshot(page, 'xss-user-message');
  assertClean(page);
  await page.context().close();
});

test('history: the newest page first, older pages above on demand, in order', async () => {
  // A quick model of its own: 40 items (20 questions, 20 answers) to page through, 30 a page.
  const quick = await startServer(['--use-case', 'chat', '--model', 'bench:2:1']);
  const id = await createThread(quick, 'message 0');
  for (let i = 1; i < 20; i++) {
    await call(quick, 'threads.add_user_message', { thread_id: id, input: { content: [{ type: 'input_text', text: `message ${i}` }], attachments: [], inference_options: {} } });
  }
  const page = await openPage(browser, quick);
  await openApp(page, quick, `/#${id}`);
  await page.locator('.ck-item-user-message').first().waitFor();
  assert.equal(await page.locator('.ck-items > .ck-item').count(), 30);
  assert.equal((await page.locator('.ck-item-user-message').first().textContent()).trim(), 'message 5');
  const older = page.getByRole('button', { name: 'Load earlier messages' });
  await older.click();
  await page.waitForFunction(() => ckRoot().querySelectorAll('.ck-items > .ck-item').length === 40);
  const questions = await page.locator('.ck-item-user-message').allTextContents();
  assert.deepEqual(questions.map((t) => t.trim()), Array.from({ length: 20 }, (_, i) => `message ${i}`));
  assert.equal(await older.isHidden(), true);
  // The older items are live: a new message still appends at the bottom.
  await composer(page).fill('one more');
  await composer(page).press('Enter');
  await page.waitForFunction(() => ckRoot().querySelectorAll('.ck-items > .ck-item').length === 42);
  assert.equal((await page.locator('.ck-item-user-message').last().textContent()).trim(), 'one more');
  assertClean(page);
  await page.context().close();
  await quick.stop();
});

test('feedback buttons send items.feedback and show the choice', async () => {
  const id = await createThread(server, 'rate me');
  const page = await openPage(browser, server);
  await openApp(page, server, `/#${id}`);
  const good = page.getByRole('button', { name: 'Good response' });
  await good.waitFor();
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.url().endsWith('/chatkit') && r.postDataJSON()?.type === 'items.feedback'),
    good.click(),
  ]);
  const body = request.postDataJSON();
  assert.equal(body.params.kind, 'positive');
  assert.equal(body.params.thread_id, id);
  assert.match(body.params.item_ids[0], /^msg_/);
  assert.equal((await request.response()).status(), 200);
  await page.waitForFunction(() => ckRoot().querySelector('[aria-label="Good response"]')?.getAttribute('aria-pressed') === 'true');
  assert.equal(await page.getByRole('button', { name: 'Bad response' }).getAttribute('aria-pressed'), 'false');
  assertClean(page);
  await page.context().close();
});

test('an error event with allow_retry offers Retry, which answers the last message again', async () => {
  const page = await openPage(browser, server);
  await openApp(page, server);
  // The server answers normally; on the way to the page the answer is cut after a few words and
  // ends with an error event, as a failing model would.
  let cut = false;
  await page.route('**/chatkit', async (route) => {
    const body = route.request().postDataJSON();
    if (cut || body.type !== 'threads.create') return route.continue();
    cut = true;
    const response = await route.fetch();
    const frames = (await response.text()).split('\n\n').filter(Boolean);
    const keep = frames.filter((f) => !/"thread\.item\.done".*"assistant_message"|content_part\.done|word[3-9]|word1\d/.test(f));
    keep.push('data: {"type":"error","code":"stream.error","allow_retry":true}');
    await route.fulfill({ response, body: keep.join('\n\n') + '\n\n' });
  });
  await composer(page).fill('please fail once');
  await composer(page).press('Enter');
  const retry = page.getByRole('button', { name: 'Retry', exact: true });
  await retry.waitFor();
  assert.equal(await page.getByRole('alert').count(), 1);
  assert.equal((await answers(page).last().textContent()).trim(), 'word0 word1 word2');
  await screenshot(page, 'error-retry');
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.postDataJSON()?.type === 'threads.retry_after_item'),
    retry.click(),
  ]);
  await page.waitForFunction(() => /word19/.test(ckRoot().querySelector('.ck-item-assistant-message .ck-content')?.textContent ?? ''));
  assert.equal(await page.locator('.ck-item-assistant-message').count(), 1);
  const userId = await page.locator('.ck-item-user-message').getAttribute('data-ck-item');
  assert.equal(request.postDataJSON().params.item_id, userId);
  // The store agrees: one question, one answer.
  await page.reload();
  await page.waitForSelector('.ck-root.ck-ready');
  await page.locator('.ck-item-assistant-message').waitFor();
  assert.equal(await page.locator('.ck-items > .ck-item').count(), 2);
  assertClean(page);
  await page.context().close();
});

test('notices show their Markdown safely; client effects reach the page as chatkit.effect, not run', async () => {
  const page = await openPage(browser, server);
  await page.addInitScript(() => { window.ran = false; });
  await openApp(page, server);
  await page.evaluate(() => {
    window.effects = [];
    document.querySelector('openai-chatkit').addEventListener('chatkit.effect', (event) => window.effects.push(event.detail));
  });
  // Extra events the server's use case could send, slipped into a real answer after stream_options.
  await page.route('**/chatkit', async (route) => {
    if (route.request().postDataJSON().type !== 'threads.create') return route.continue();
    const response = await route.fetch();
    const frames = (await response.text()).split('\n\n').filter(Boolean);
    const at = frames.findIndex((f) => f.includes('"stream_options"')) + 1;
    frames.splice(at, 0,
      'data: {"type":"progress_update","text":"Looking things up"}',
      'data: {"type":"notice","level":"warning","title":"Heads up","message":"**Careful** <img src=x onerror=alert(1)> [link](javascript:alert(2))"}',
      'data: {"type":"client_effect","name":"confetti","data":{"x":1}}');
    await route.fulfill({ response, body: frames.join('\n\n') + '\n\n' });
  });
  await composer(page).fill('any news?');
  await composer(page).press('Enter');
  const notice = page.locator('.ck-notice-warning');
  await notice.waitFor();
  assert.equal(await notice.locator('strong', { hasText: 'Heads up' }).count(), 1);
  assert.equal(await notice.locator('strong', { hasText: 'Careful' }).count(), 1);
  assert.match(await notice.textContent(), /<img src=x onerror=alert\(1\)>/);
  assert.equal(await notice.locator('img, a[href^="javascript"]').count(), 0);
  await page.getByRole('button', { name: 'Send' }).waitFor();
  assert.equal(await page.locator('.ck-progress').isHidden(), true);  // transient: gone once the answer came
  assert.deepEqual(await page.evaluate(() => window.effects), [{ name: 'confetti', data: { x: 1 } }]);
  await page.getByRole('button', { name: 'Dismiss' }).click();
  assert.equal(await notice.count(), 0);
  assert.equal(await page.evaluate(() => window.ran), false);
  assertClean(page);
  await page.context().close();
});
