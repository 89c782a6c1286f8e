// Attachments and dictation in <openai-chatkit>, against the real server's attachment store: an
// image attached by the paper clip and by drag and drop, its preview, sent, shown in the message
// and again after a reload, and named by the offline model's answer; a file refused by the
// element's own limits and one refused by the server, each with a message; the direct strategy from
// a host page; and dictation with Chromium's fake microphone, against the loopback stand-in's
// transcription endpoint, filling the composer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, openApp, openPage, screenshot, startServer, startUpstream } from './harness.mjs';
import { startHostServer } from './host_server.mjs';

let dir;
let server;
let browser;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chatkit-attach-'));
  server = await startServer(['--use-case', 'todo', '--model', 'offline', '--max-attachment-bytes', '200000']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A real PNG of `width` × `height`, drawn by the page's own canvas. */
const pngOf = (page, width, height) => page.evaluate(async ({ width, height }) => {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#2459d8';
  context.fillRect(0, 0, width, height);
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return [...new Uint8Array(await blob.arrayBuffer())];
}, { width, height }).then((bytes) => Buffer.from(bytes));

const composer = (page) => page.getByRole('textbox', { name: 'Message' });
const idle = (page) => page.getByRole('button', { name: 'Send' }).waitFor();

test('an image by the paper clip: preview, upload, sent, in the message and after a reload, named by the answer', async () => {
  const page = await openPage(browser, server);
  await openApp(page, server);
  const png = await pngOf(page, 40, 30);
  assert.equal(await page.getByRole('button', { name: 'Attach files' }).isVisible(), true);
  await page.locator('input[type=file]').setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: png });
  const chip = page.locator('.ck-attachment-chip', { hasText: 'receipt.png' });
  await chip.locator('.ck-attachment-thumb img').waitFor();  // the local preview
  await page.locator('.ck-attachment-chip:not([aria-busy])').waitFor();  // uploaded
  await screenshot(page, 'attachment-chip');
  await composer(page).fill('what is this?');
  const [sent] = await Promise.all([
    page.waitForRequest((r) => ['threads.create', 'threads.add_user_message'].includes(r.postDataJSON()?.type)),
    composer(page).press('Enter'),
  ]);
  const ids = sent.postDataJSON().params.input.attachments;
  assert.equal(ids.length, 1);
  assert.match(ids[0], /^atc_/);
  await idle(page);
  const image = page.locator('.ck-item-user-message img.ck-attachment-image');
  await image.waitFor();
  assert.equal(await image.evaluate((img) => img.complete && img.naturalWidth), 40);
  const answer = await page.locator('.ck-item-assistant-message').last().textContent();
  assert.match(answer, /receipt\.png/);
  assert.match(answer, /40\s*[×x]\s*30/);
  assert.equal(await page.locator('.ck-attachment-chip').count(), 0);  // the tray is empty again
  await screenshot(page, 'attachment-sent');
  await page.reload();
  await page.waitForSelector('.ck-root.ck-ready');
  const again = page.locator('.ck-item-user-message img.ck-attachment-image');
  await again.waitFor();
  await page.waitForFunction(() => ckRoot().querySelector('.ck-item-user-message img.ck-attachment-image')?.naturalWidth === 40);
  assert.deepEqual(page.trouble, { dialogs: [], errors: [], foreign: [] });
  await page.context().close();
});

test('an image by drag and drop, a text file by paste', async () => {
  const page = await openPage(browser, server);
  await openApp(page, server);
  const png = await pngOf(page, 12, 8);
  await page.evaluate((bytes) => {
    const file = new File([new Uint8Array(bytes)], 'dropped.png', { type: 'image/png' });
    const transfer = new DataTransfer();
    transfer.items.add(file);
    const form = document.querySelector('openai-chatkit').shadowRoot.querySelector('.ck-composer');
    form.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    form.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, [...png]);
  await page.locator('.ck-attachment-chip:not([aria-busy])', { hasText: 'dropped.png' }).waitFor();
  // And a text file pasted into the message box: a file, shown as a chip in the message.
  await page.evaluate(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['milk\neggs\n'], 'list.txt', { type: 'text/plain' }));
    const box = document.querySelector('openai-chatkit').shadowRoot.querySelector('textarea');
    box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  });
  await page.locator('.ck-attachment-chip:not([aria-busy])', { hasText: 'list.txt' }).waitFor();
  await composer(page).fill('and these?');
  await composer(page).press('Enter');
  await idle(page);
  await page.locator('.ck-item-user-message img.ck-attachment-image').waitFor();
  assert.equal((await page.locator('.ck-item-user-message .ck-attachment-file').textContent()).trim(), 'list.txt');
  const answer = await page.locator('.ck-item-assistant-message').last().textContent();
  assert.match(answer, /dropped\.png/);
  assert.match(answer, /list\.txt/);
  await page.context().close();
});

test('refused files say why: the server\'s limit, and a type that is not what it says', async () => {
  const page = await openPage(browser, server);
  await openApp(page, server);
  // Over --max-attachment-bytes (200,000): the element's own limit (20 MiB) lets it through, the server refuses it.
  await page.locator('input[type=file]').setInputFiles({ name: 'big.txt', mimeType: 'text/plain', buffer: Buffer.alloc(300000, 'a') });
  await page.getByRole('alert').filter({ hasText: /big\.txt could not be uploaded/ }).waitFor();
  assert.match(await page.getByRole('alert').filter({ hasText: /big\.txt/ }).textContent(), /limit|large|bytes/i);
  // An ELF binary named .png: the server sniffs the bytes.
  const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(200)]);
  await page.locator('input[type=file]').setInputFiles({ name: 'cat.png', mimeType: 'image/png', buffer: elf });
  await page.getByRole('alert').filter({ hasText: /cat\.png could not be uploaded/ }).waitFor();
  assert.equal(await page.locator('.ck-attachment-chip').count(), 0);
  await page.context().close();
});

test('a host page: the element\'s own limits (per-type maxSize, accept, maxCount) and the direct strategy', async () => {
  const host = await startHostServer();
  const cors = await startServer(['--use-case', 'todo', '--model', 'offline', '--cors-origins', host.origin]);
  host.setChatkitOrigin(new URL(cors.url).origin);
  const page = await openPage(browser, cors, { allow: [host.url] });
  await page.goto(`${host.url}/vanilla.html`);
  await page.evaluate(async () => {
    await customElements.whenDefined('openai-chatkit');
    const base = window.baseOptions();
    document.getElementById('chat').setOptions({
      ...base,
      api: { ...base.api, uploadStrategy: { type: 'direct', uploadUrl: `${CHATKIT}/chatkit/attachments` } },
      composer: { attachments: { enabled: true, maxSize: { 'image/*': 5000, '*': 100 }, maxCount: 2, accept: { 'image/*': ['.png'], 'text/plain': ['.txt'] } } },
    });
  });
  await page.waitForFunction(() => window.events.some((e) => e.name === 'chatkit.ready'));
  const input = page.locator('input[type=file]');
  assert.match(await input.getAttribute('accept'), /image\/\*/);
  await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.alloc(500, 'x') });
  await page.getByRole('alert').filter({ hasText: 'notes.txt is too large' }).waitFor();
  await input.setInputFiles({ name: 'tool.exe', mimeType: 'application/x-msdownload', buffer: Buffer.alloc(10) });
  await page.getByRole('alert').filter({ hasText: 'tool.exe cannot be attached' }).waitFor();
  const png = await pngOf(page, 5, 5);
  await input.setInputFiles([{ name: 'a.png', mimeType: 'image/png', buffer: png }, { name: 'b.png', mimeType: 'image/png', buffer: png },
    { name: 'c.png', mimeType: 'image/png', buffer: png }]);
  await page.getByRole('alert').filter({ hasText: 'At most 2 files' }).waitFor();
  await page.waitForFunction(() => document.getElementById('chat').shadowRoot.querySelectorAll('.ck-attachment-chip:not([aria-busy])').length === 2);
  // Direct: one multipart POST to the upload URL, through the app's fetch.
  assert.equal(await page.evaluate(() => window.calls.fetch.filter((b) => b.type === 'POST').length), 2);
  await composer(page).fill('two pictures');
  await composer(page).press('Enter');
  await idle(page);
  assert.equal(await page.locator('.ck-item-user-message img.ck-attachment-image').count(), 2);
  await page.context().close();
  await cors.stop();
  await host.stop();
});

/** A mono 16-bit PCM WAV of a tone (Chromium's fake microphone plays it). */
function toneWav(path, seconds = 1.5, rate = 16000) {
  const samples = Math.floor(seconds * rate);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0); header.writeUInt32LE(36 + data.length, 4); header.write('WAVE', 8);
  header.write('fmt ', 12); header.writeUInt32LE(16, 16); header.writeUInt16LE(1, 20); header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24); header.writeUInt32LE(rate * 2, 28); header.writeUInt16LE(2, 32); header.writeUInt16LE(16, 34);
  header.write('data', 36); header.writeUInt32LE(data.length, 40);
  writeFileSync(path, Buffer.concat([header, data]));
}

test('dictation: the fake microphone, input.transcribe through the provider\'s /audio/transcriptions, the words in the composer', async () => {
  const wav = join(dir, 'tone.wav');
  toneWav(wav);
  const { child: upstream, url: upstreamUrl } = await startUpstream();
  const saved = { ...process.env };
  Object.assign(process.env, { OPENAI_BASE_URL: `${upstreamUrl}/v1`, OPENAI_API_KEY: 'sk-e2e', OPENAI_API: 'chat' });
  const voiced = await startServer(['--use-case', 'todo', '--model', 'openai']);
  process.env = saved;
  const mic = await launchBrowser(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`]);
  try {
    await fetch(`${upstreamUrl}/_script`, { method: 'POST', body: JSON.stringify([{ status: 200, headers: { 'Content-Type': 'application/json' },
      match: '/v1/audio/transcriptions', chunks: [{ data: JSON.stringify({ text: 'add buy oat milk' }) }] }]) });
    const page = await openPage(mic, voiced);
    await page.context().grantPermissions(['microphone']);
    await openApp(page, voiced);
    const button = page.getByRole('button', { name: 'Dictate' });
    await button.click();
    await page.getByRole('button', { name: 'Stop dictation' }).waitFor();
    await page.waitForTimeout(800);  // record some of the tone
    await page.getByRole('button', { name: 'Stop dictation' }).click();
    await page.waitForFunction(() => ckRoot().querySelector('textarea').value === 'add buy oat milk');
    const log = await (await fetch(`${upstreamUrl}/_log`)).json();
    const request = log.find((entry) => entry.path.startsWith('/v1/audio/transcriptions'));
    assert.ok(request, JSON.stringify(log.map((entry) => entry.path)));
    assert.match(request.headers['content-type'], /^multipart\/form-data; boundary=/);
    assert.match(request.body, /name="file"; filename="audio\.\w+"/);
    assert.match(request.body, /name="model"/);
    await page.context().close();
  } finally {
    await mic.close();
    await voiced.stop();
    upstream.kill();
  }
});
