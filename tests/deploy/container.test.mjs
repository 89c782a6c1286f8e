// The server image as an operator runs it: built by scripts/container.sh (which the test command runs
// first), started with podman on a loopback port, a named volume for /data and a read-only root
// filesystem. Asserts health, a threads.create over HTTP, the unprivileged user, data kept across a
// restart, a SIGTERM during a stream persisting the partial answer, the health check, and the size.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { call } from '../e2e/harness.mjs';
import { IMAGE, freePort, podman, settings, waitReady } from './podman.mjs';

const name = `chatkit-test-${process.pid}`;
const volume = `${name}-data`;
const waitHealthy = (url) => waitReady(url, name);

let server;
before(async () => {
  const port = await freePort();
  server = { url: `http://127.0.0.1:${port}` };
  podman(['volume', 'create', volume]);
  // A new volume takes its owner (the image's user, 10001) from the image's /data.
  // A slow model, so that a SIGTERM lands in the middle of an answer; 1 s of grace, then the
  // answer is cancelled and what was written is persisted.
  podman(['run', '-d', '--name', name, '--read-only', '-v', `${volume}:/data`, '-p', `127.0.0.1:${port}:8000`,
    '-e', 'CHATKIT_MODEL=bench:400:25', '-e', 'CHATKIT_SHUTDOWN_GRACE=1', IMAGE]);
  await waitHealthy(server.url);
});

after(() => {
  podman(['rm', '-f', '-t', '0', name], { check: false });
  podman(['volume', 'rm', '-f', volume], { check: false });
});


// The event of one SSE frame (`id: RUN:SEQ` then `data: {…}`, docs/PROTOCOL.md §4.7).
const eventOf = (frame) => JSON.parse(frame.split('\n').find((line) => line.startsWith('data: ')).slice(6));

test('the image is small, runs as an unprivileged user on a read-only root, and answers its health check', () => {
  const size = Number(podman(['image', 'inspect', IMAGE, '--format', '{{.Size}}']).stdout.trim());
  console.log(`image ${IMAGE}: ${(size / 1e6).toFixed(1)} MB`);
  assert.ok(size < 60e6, `${size} bytes`);
  assert.equal(podman(['inspect', name, '--format', '{{.HostConfig.ReadonlyRootfs}}']).stdout.trim(), 'true');
  const pid = podman(['inspect', name, '--format', '{{.State.Pid}}']).stdout.trim();
  const uids = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^Uid:\s+(\d+)\s+(\d+)/m);
  assert.equal(uids[1], '10001', 'the server process is user chatkit, not root');
  assert.equal(uids[2], '10001');
  // The image's own HEALTHCHECK: chatkit-server --check-health against /readyz, inside the container.
  assert.equal(podman(['healthcheck', 'run', name], { check: false }).status, 0);
});

test('threads.create over HTTP, and the data survives a restart in the volume', async () => {
  const health = await fetch(`${server.url}/healthz`);
  assert.equal(health.status, 200);
  assert.deepEqual(await health.json(), { status: 'ok' });
  const input = { content: [{ type: 'input_text', text: 'short' }], attachments: [], inference_options: {} };
  podman(['stop', '-t', '15', name]);
  podman(['start', name]);
  await waitHealthy(server.url);
  const controller = new AbortController();
  // bench:400:25 answers for 10 s: read the head of the stream, then drop it (the server cancels
  // and persists what it wrote).
  const response = await fetch(`${server.url}/chatkit`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'threads.create', params: { input } }), signal: controller.signal,
  });
  assert.equal(response.status, 200);
  const reader = response.body.getReader();
  let text = '';
  while (!text.includes('thread.created')) text += new TextDecoder().decode((await reader.read()).value);
  controller.abort();
  const threadId = eventOf(text.split('\n\n')[0]).thread.id;
  podman(['stop', '-t', '15', name]);
  podman(['start', name]);
  await waitHealthy(server.url);
  const threads = await call(server, 'threads.list', { limit: 20, order: 'desc' });
  assert.ok(threads.data.some((t) => t.id === threadId), 'the thread is still there after a restart');
});

test('a SIGTERM during a stream ends it, and the partial answer is persisted', async () => {
  const input = { content: [{ type: 'input_text', text: 'a long one' }], attachments: [], inference_options: {} };
  const response = await fetch(`${server.url}/chatkit`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'threads.create', params: { input } }),
  });
  const reader = response.body.getReader();
  let text = '';
  let deltas = 0;
  while (deltas < 5) {
    text += new TextDecoder().decode((await reader.read()).value);
    deltas = (text.match(/text_delta/g) ?? []).length;
  }
  const stopped = Date.now();
  // podman stop waits for the container to exit; the stream is read meanwhile by a child process's
  // schedule, so run it asynchronously.
  const stop = new Promise((resolve, reject) => {
    const child = spawn('podman', [...settings.runtime, 'stop', '-t', '15', name], { env: settings.env });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`podman stop: ${code}`))));
  });
  // The server cancels the answer after its 1 s of grace and closes the connection; whether the
  // last chunk arrives before the container's network goes away is not the point here.
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
  } catch (error) {
    assert.equal(error.message, 'terminated');
  }
  await stop;
  assert.equal(podman(['inspect', name, '--format', '{{.State.ExitCode}}']).stdout.trim(), '0',
    'the server stopped by itself within the grace, not killed');
  console.log(`stream ended ${Date.now() - stopped} ms after podman stop`);
  const threadId = eventOf(text.split('\n\n')[0]).thread.id;
  const frames = text.split('\n\n');
  frames.pop();  // the part after the last complete event, if the connection was cut within one
  const sent = frames.filter(Boolean).map(eventOf)
    .filter((e) => e.type === 'thread.item.updated' && e.update.type === 'assistant_message.content_part.text_delta')
    .map((e) => e.update.delta).join('');
  assert.ok(sent.length > 0);
  podman(['start', name]);
  await waitHealthy(server.url);
  const items = await call(server, 'items.list', { thread_id: threadId, limit: 50, order: 'asc' });
  const answer = items.data.find((item) => item.type === 'assistant_message');
  assert.ok(answer, JSON.stringify(items));
  const saved = answer.content.map((part) => part.text).join('');
  assert.ok(saved.startsWith(sent), `persisted ${JSON.stringify(saved.slice(0, 80))}, sent ${JSON.stringify(sent.slice(0, 80))}`);
  assert.ok(saved.length < 400 * 8, 'the answer was cut, not finished');
});
