// The soak's load driver (bench/soak.sh starts the server and runs this): WORKERS concurrent
// clients over loopback for SOAK_SECONDS, mixing ordinary traffic (Todo chats, card clicks,
// JSON requests, clients that vanish mid-stream) with hostile requests, each of which expects one
// specific refusal and a server that stays up. It samples the server's VmRSS every 10 s and prints
// the counts per kind, the unexpected outcomes, the RSS samples and the RSS slope after warm-up.
// Exit status: 0 when nothing unexpected happened, 1 otherwise. Node 20, no npm packages.
//
//   node bench/soak.mjs URL SERVER_PID
//
// Environment: SOAK_SECONDS (default 600), SOAK_WORKERS (16), SOAK_WARMUP (seconds of samples
// left out of the slope; default 120, or 20 for runs under 5 minutes), SOAK_SKIP (comma-separated
// kinds to leave out, e.g. big_message), SOAK_HEADER_TIMEOUT (the server's --header-timeout, 2).
import http from 'node:http';
import net from 'node:net';
import { readFileSync } from 'node:fs';

const [url, pidText] = process.argv.slice(2);
if (!url || !pidText) {
  console.error('usage: node bench/soak.mjs URL SERVER_PID');
  process.exit(2);
}
const target = new URL(url);
const HOST = target.hostname;
const PORT = Number(target.port);
const PID = Number(pidText);
const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const WORKERS = Number(process.env.SOAK_WORKERS ?? 16);
const WARMUP = Number(process.env.SOAK_WARMUP ?? (SECONDS >= 300 ? 120 : 20));
const SKIP = new Set((process.env.SOAK_SKIP ?? '').split(',').map((s) => s.trim()).filter(Boolean));
const HEADER_TIMEOUT = Number(process.env.SOAK_HEADER_TIMEOUT ?? 2);
const SAMPLE_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

const started = Date.now();
const deadline = started + SECONDS * 1000;
const elapsed = () => (Date.now() - started) / 1000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// --- bookkeeping -------------------------------------------------------------------------------

const counts = new Map();  // kind → requests sent
const unexpected = [];     // { t, kind, what }
function count(kind) { counts.set(kind, (counts.get(kind) ?? 0) + 1); }
function fail(kind, what) {
  unexpected.push({ t: elapsed().toFixed(1), kind, what: String(what).slice(0, 300) });
  if (unexpected.length <= 5) console.error(`unexpected [${kind}] at ${elapsed().toFixed(1)} s: ${String(what).slice(0, 300)}`);
}

// --- plain HTTP (node:http) --------------------------------------------------------------------

// Keep-alive for the ordinary traffic; a free socket idle for 20 s is dropped by us, well before
// the server's 60 s idle timeout could race with its reuse.
const agent = new http.Agent({ keepAlive: true, timeout: 20_000 });

const chatkitRequest = (type, params) => JSON.stringify({ type, params });
const userInput = (text) => ({ content: [{ type: 'input_text', text }], attachments: [], inference_options: {} });

// POST /chatkit; resolves { status, contentType, body } or { error }.
function post(body, { timeoutMs = REQUEST_TIMEOUT_MS, useAgent = agent } = {}) {
  return new Promise((resolve) => {
    let done = false;
    const finish = (value) => { if (!done) { done = true; resolve(value); } };
    const req = http.request({
      host: HOST, port: PORT, method: 'POST', path: '/chatkit', agent: useAgent,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => finish({ status: res.statusCode, contentType: res.headers['content-type'] ?? '', body: Buffer.concat(chunks).toString() }));
      res.on('error', (e) => finish({ error: `response: ${e.message}` }));
      res.on('aborted', () => finish({ error: 'response aborted' }));
    });
    req.setTimeout(timeoutMs, () => { req.destroy(new Error(`timeout after ${timeoutMs} ms`)); });
    req.on('error', (e) => finish({ error: e.message }));
    req.end(body);
  });
}

function get(path, useAgent = agent) {
  return new Promise((resolve) => {
    let done = false;
    const finish = (value) => { if (!done) { done = true; resolve(value); } };
    const req = http.request({ host: HOST, port: PORT, method: 'GET', path, agent: useAgent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => finish({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
      res.on('error', (e) => finish({ error: e.message }));
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => finish({ error: e.message }));
    req.end();
  });
}

// A streaming request. `onEvent(event, index)` may return 'vanish' to destroy the socket there.
// Resolves { status, events, ended (the stream ended by the server), vanished, error, body }.
function stream(body, { onEvent, timeoutMs = REQUEST_TIMEOUT_MS, useAgent = agent } = {}) {
  return new Promise((resolve) => {
    let done = false;
    const events = [];
    const finish = (value) => { if (!done) { done = true; resolve({ events, ...value }); } };
    const req = http.request({
      host: HOST, port: PORT, method: 'POST', path: '/chatkit', agent: useAgent,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
    }, (res) => {
      const status = res.statusCode;
      if (!(res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => finish({ status, ended: true, body: Buffer.concat(chunks).toString() }));
        res.on('error', (e) => finish({ status, error: e.message }));
        return;
      }
      let pending = '';
      res.setEncoding('utf8');
      res.on('data', (text) => {
        if (done) return;
        pending += text;
        let cut;
        while ((cut = pending.indexOf('\n\n')) >= 0) {
          const block = pending.slice(0, cut);
          pending = pending.slice(cut + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          if (!data) continue;
          let event;
          try { event = JSON.parse(data); } catch (e) { finish({ status, error: `bad SSE data: ${e.message}` }); req.destroy(); return; }
          events.push(event);
          if (onEvent && onEvent(event, events.length - 1) === 'vanish') {
            finish({ status, vanished: true });
            req.destroy();  // the client goes away mid-stream, unannounced
            return;
          }
        }
      });
      res.on('end', () => finish({ status, ended: true, leftover: pending.trim() }));
      res.on('error', (e) => finish({ status, error: e.message }));
      res.on('aborted', () => finish({ status, error: 'response aborted' }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', (e) => finish({ error: e.message }));
    req.end(body);
  });
}

// A stream that must have run to its end without an error event. Returns the result or null.
function checkStream(kind, result) {
  if (result.error) return fail(kind, `stream failed: ${result.error}`), null;
  if (result.status !== 200) return fail(kind, `status ${result.status}: ${result.body ?? ''}`), null;
  if (!result.ended) return fail(kind, 'stream did not end'), null;
  if (result.leftover) return fail(kind, `unterminated SSE data: ${result.leftover.slice(0, 100)}`), null;
  const error = result.events.find((e) => e.type === 'error');
  if (error) return fail(kind, `error event: ${JSON.stringify(error)}`), null;
  if (result.events.length === 0) return fail(kind, 'empty stream'), null;
  return result;
}

function checkJson(kind, result, status = 200) {
  if (result.error) return fail(kind, result.error), null;
  if (result.status !== status) return fail(kind, `status ${result.status} (want ${status}): ${result.body.slice(0, 200)}`), null;
  try { return JSON.parse(result.body); } catch (e) { return fail(kind, `not JSON: ${e.message}`), null; }
}

// --- the ordinary traffic ----------------------------------------------------------------------

let titleCounter = 0;
// Fixed width: no title is a substring of another, so "I finished buy milk 1000042" names one todo.
const nextTitle = () => `buy milk ${1_000_000 + ++titleCounter}`;

// The newest todo card among a stream's events (its thread.item.done carries the whole widget).
function cardIn(events) {
  let card = null;
  for (const e of events) {
    if (e.type === 'thread.item.done' && e.item?.type === 'widget' && e.item.widget?.id === 'todo-card') card = e.item;
  }
  return card;
}

function checkboxes(node, out = []) {
  if (!node || typeof node !== 'object') return out;
  if (node.type === 'Checkbox' && node.onChangeAction?.type === 'toggle') out.push(node);
  for (const child of node.children ?? []) checkboxes(child, out);
  return out;
}

async function deleteThread(threadId) {
  count('threads.delete');
  checkJson('threads.delete', await post(chatkitRequest('threads.delete', { thread_id: threadId })));
}

// A Todo conversation: create with an add, click the card's checkboxes, chat on, look the thread up,
// list threads, remove the todo, delete the thread.
async function todoConversation() {
  const title = nextTitle();
  count('threads.create');
  const created = checkStream('threads.create', await stream(chatkitRequest('threads.create', { input: userInput(`add ${title}`) })));
  if (!created) return;
  const threadId = created.events.find((e) => e.type === 'thread.created')?.thread?.id;
  if (!threadId) return fail('threads.create', 'no thread.created event');
  const card = cardIn(created.events);
  if (!card) fail('threads.create', 'no todo card in the stream');

  // Clicks: tick a checkbox the card shows (ours if it is on the card), then untick it.
  if (card) {
    const boxes = checkboxes(card.widget);
    const box = boxes.find((b) => b.label === title) ?? boxes[0];
    if (!box) {
      fail('threads.custom_action', 'the card has no checkbox');
    } else {
      const id = box.onChangeAction.payload.id;
      for (const done of [!box.defaultChecked, !!box.defaultChecked]) {
        count('threads.custom_action');
        // (Another worker may have set the todo to `done` already: then the card has nothing to update.)
        checkStream('threads.custom_action', await stream(chatkitRequest('threads.custom_action', {
          thread_id: threadId, item_id: card.id, action: { type: 'toggle', payload: { id, done } },
        })));
      }
    }
  }

  for (const text of [`I finished ${title}`, "what's on my list?"]) {
    count('threads.add_user_message');
    checkStream('threads.add_user_message', await stream(chatkitRequest('threads.add_user_message', { thread_id: threadId, input: userInput(text) })));
  }

  count('threads.get_by_id');
  const thread = checkJson('threads.get_by_id', await post(chatkitRequest('threads.get_by_id', { thread_id: threadId })));
  if (thread && thread.id !== threadId) fail('threads.get_by_id', `another thread: ${thread.id}`);

  count('threads.list');
  const page = checkJson('threads.list', await post(chatkitRequest('threads.list', { limit: 20, order: 'desc' })));
  if (page && !Array.isArray(page.data)) fail('threads.list', 'no data array');

  count('threads.add_user_message');
  checkStream('threads.add_user_message', await stream(chatkitRequest('threads.add_user_message', { thread_id: threadId, input: userInput(`remove ${title}`) })));
  await deleteThread(threadId);
}

// A client that asks for a long answer and vanishes after a few events.
async function vanish() {
  count('vanish');
  const after = 3 + Math.floor(Math.random() * 8);
  const result = await stream(chatkitRequest('threads.create', { input: userInput('count to 2000') }), {
    useAgent: false, onEvent: (_e, i) => (i + 1 >= after ? 'vanish' : undefined),
  });
  if (result.error) return fail('vanish', result.error);
  if (result.status !== 200) return fail('vanish', `status ${result.status}`);
  if (!result.vanished) return fail('vanish', `the stream ended after ${result.events.length} events`);
  const threadId = result.events.find((e) => e.type === 'thread.created')?.thread?.id;
  if (!threadId) return fail('vanish', 'no thread.created event');
  await sleep(50);
  await deleteThread(threadId);
}

// --- hostile requests (raw sockets) ------------------------------------------------------------

const hostHeader = `${HOST}:${PORT}`;

// One raw exchange: `send(socket, state)` writes (it may wait, and should stop once state.closed
// or state.answered); resolves with everything read until the server closed, or the timeout.
function raw(send, { timeoutMs = 15_000 } = {}) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port: PORT });
    const chunks = [];
    const state = { closed: false, answered: false, error: null, timedOut: false };
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...state, text: Buffer.concat(chunks).toString('latin1') });
    };
    const timer = setTimeout(() => { state.timedOut = true; finish(); }, timeoutMs);
    socket.on('data', (c) => { chunks.push(c); state.answered = true; });
    socket.on('end', () => { state.closed = true; finish(); });
    socket.on('close', () => { state.closed = true; finish(); });
    socket.on('error', (e) => { state.error = e.code ?? e.message; state.closed = true; });
    socket.on('connect', () => {
      Promise.resolve(send(socket, state)).catch((e) => { state.error = state.error ?? e.message; });
    });
  });
}

// Writes, waiting for the socket to drain; false once the server has closed or answered.
async function write(socket, state, data) {
  if (state.closed || state.answered || socket.destroyed) return false;
  if (socket.write(data)) return true;
  await new Promise((resolve) => {
    const off = () => { socket.off('drain', off); socket.off('close', off); resolve(); };
    socket.on('drain', off);
    socket.on('close', off);
  });
  return !state.closed && !state.answered;
}

const statusLines = (text) => [...text.matchAll(/(?:^|\r\n)HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1]));

// The answer must be exactly one response of `status` (with the error `code`, when given), then close.
function expectRefusal(kind, result, status, code) {
  const statuses = statusLines(result.text);
  if (statuses.length === 0) {
    if (!result.timedOut && (result.error === 'EPIPE' || result.error === 'ECONNRESET')) {
      // The server closed with bytes of ours unread, so its kernel reset the connection, and a
      // write of ours failed before the answer was read (node then drops what was received).
      return fail(kind, `no answer read (want ${status}): the server reset the connection, our write failed with ${result.error}`);
    }
    return fail(kind, `no answer (want ${status}); ${result.timedOut ? 'timed out' : 'closed'}${result.error ? `, ${result.error}` : ''}`);
  }
  if (statuses.length !== 1 || statuses[0] !== status) return fail(kind, `answers ${statuses.join(',')} (want one ${status})`);
  if (result.timedOut) return fail(kind, `answered ${status} but the connection stayed open`);
  if (code) {
    const body = result.text.slice(result.text.indexOf('\r\n\r\n') + 4);
    let parsed;
    try { parsed = JSON.parse(body); } catch { return fail(kind, `${status} without a JSON body: ${body.slice(0, 100)}`); }
    if (parsed?.error?.code !== code) return fail(kind, `${status} with code ${parsed?.error?.code} (want ${code})`);
  }
  return true;
}

const jsonBody = chatkitRequest('threads.list', {});
const chunkedHead = `POST /chatkit HTTP/1.1\r\nHost: ${hostHeader}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
const firstChunk = `${jsonBody.length.toString(16)}\r\n${jsonBody}\r\n0\r\n`;
const bigTrailer = `X-Big: ${'a'.repeat(70_000)}\r\n\r\n`;
const trailerField = (i) => `X-T${i}: ${'b'.repeat(60 * 1024)}\r\n`;
const megabyteText = (() => { let s = 'remove '; while (s.length < (1 << 20)) s += 'lorem ipsum '; return s; })();
const valueFlood = (() => {
  const n = Math.floor(3_900_000 / 3);
  return Buffer.from(`[${'{},'.repeat(n - 1)}{}]`);
})();

const hostile = {
  // One trailer field of 70,000 bytes: more than the header limit (and than Beast's 64 KiB field cap).
  async trailer_70k() {
    const r = await raw(async (s, st) => { await write(s, st, chunkedHead + firstChunk + bigTrailer); });
    expectRefusal('trailer_70k', r, 431, 'headers_too_large');
  },
  // 60 KB trailer fields after the last chunk, one after the other, until the server answers.
  async trailer_flood() {
    const r = await raw(async (s, st) => {
      if (!await write(s, st, chunkedHead + firstChunk)) return;
      for (let i = 0; i < 200; ++i) {
        if (!await write(s, st, trailerField(i))) return;
        // The next write only right after an I/O poll: an answer that has arrived is seen first.
        await sleep(1);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }, { timeoutMs: 20_000 });
    expectRefusal('trailer_flood', r, 431, 'headers_too_large');
  },
  // A 1 MiB "remove …" chat message through the offline model: an ordinary (refusing) answer.
  async big_message() {
    const result = checkStream('big_message', await stream(chatkitRequest('threads.create', { input: userInput(megabyteText) }), { timeoutMs: 60_000 }));
    if (!result) return;
    const threadId = result.events.find((e) => e.type === 'thread.created')?.thread?.id;
    if (threadId) await deleteThread(threadId);
  },
  // Transfer-Encoding: gzip, with a second request as the "body": one 400, then the connection closes.
  async te_smuggle() {
    const smuggled = `GET /healthz HTTP/1.1\r\nHost: ${hostHeader}\r\n\r\n`;
    const r = await raw(async (s, st) => {
      await write(s, st, `POST /chatkit HTTP/1.1\r\nHost: ${hostHeader}\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip\r\n\r\n${smuggled}`);
    });
    expectRefusal('te_smuggle', r, 400, 'invalid_request');
  },
  // Another site's name (DNS rebinding) and its Origin: 403.
  async foreign_host() {
    const r = await raw(async (s, st) => {
      await write(s, st, `POST /chatkit HTTP/1.1\r\nHost: evil.example:8000\r\nOrigin: http://evil.example:8000\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${jsonBody.length}\r\n\r\n${jsonBody}`);
    });
    expectRefusal('foreign_host', r, 403, 'forbidden');
  },
  // A request cut in the middle of its header, left alone: 408 after --header-timeout.
  async header_timeout() {
    const r = await raw(async (s, st) => { await write(s, st, `POST /chatkit HTTP/1.1\r\nHost: ${hostHeader}\r\nContent-Le`); },
      { timeoutMs: (HEADER_TIMEOUT + 8) * 1000 });
    expectRefusal('header_timeout', r, 408);
  },
  // 3.9 MB of [{},{},…]: under the body limit, over the JSON value count.
  async value_flood() {
    const r = await raw(async (s, st) => {
      if (!await write(s, st, `POST /chatkit HTTP/1.1\r\nHost: ${hostHeader}\r\nContent-Type: application/json\r\n` +
        `Connection: close\r\nContent-Length: ${valueFlood.length}\r\n\r\n`)) return;
      await write(s, st, valueFlood);
    }, { timeoutMs: 20_000 });
    expectRefusal('value_flood', r, 413, 'payload_too_large');
  },
  // A second message on a thread whose answer is still streaming: 409 thread_busy.
  async thread_busy() {
    let threadId;
    let resolveStarted;
    const started = new Promise((resolve) => { resolveStarted = resolve; });
    const first = stream(chatkitRequest('threads.create', { input: userInput('count to 2000') }), {
      useAgent: false,
      onEvent: (e, i) => {
        if (e.type === 'thread.created') threadId = e.thread?.id;
        if (i === 4) resolveStarted();
        return undefined;
      },
    });
    first.then(() => resolveStarted());
    await started;
    if (!threadId) { fail('thread_busy', 'no thread.created event'); return; }
    const second = await post(chatkitRequest('threads.add_user_message', { thread_id: threadId, input: userInput('what\'s on my list?') }));
    const body = checkJson('thread_busy', second, 409);
    if (body && body.error?.code !== 'thread_busy') fail('thread_busy', `409 with code ${body.error?.code}`);
    const firstResult = await first;  // read the long answer to its end: it is unharmed
    checkStream('thread_busy', firstResult);
    await deleteThread(threadId);
  },
  // OPTIONS without an Origin is no preflight: 403 in the error shape.
  async options_no_origin() {
    const r = await raw(async (s, st) => { await write(s, st, `OPTIONS /chatkit HTTP/1.1\r\nHost: ${hostHeader}\r\nConnection: close\r\n\r\n`); });
    expectRefusal('options_no_origin', r, 403, 'forbidden');
  },
};
const hostileKinds = Object.keys(hostile).filter((k) => !SKIP.has(k));

async function runHostile() {
  const kind = hostileKinds[Math.floor(Math.random() * hostileKinds.length)];
  count(kind);
  await hostile[kind]();
  count('healthz');
  const health = await get('/healthz');
  if (health.error || health.status !== 200) fail('healthz', `after ${kind}: ${health.error ?? health.status}`);
}

async function threadsList() {
  count('threads.list');
  const page = checkJson('threads.list', await post(chatkitRequest('threads.list', { limit: 20 })));
  if (page && !Array.isArray(page.data)) fail('threads.list', 'no data array');
}

// --- workers, RSS ------------------------------------------------------------------------------

const mix = [
  [50, todoConversation],
  [15, vanish],
  [10, threadsList],
  [25, runHostile],
].filter(([, f]) => f !== runHostile || hostileKinds.length > 0);
const totalWeight = mix.reduce((n, [w]) => n + w, 0);
function pick() {
  let r = Math.random() * totalWeight;
  for (const [w, f] of mix) { if ((r -= w) < 0) return f; }
  return mix[0][1];
}

let serverDied = false;
function alive() { try { process.kill(PID, 0); return true; } catch { return false; } }

async function worker() {
  while (Date.now() < deadline && !serverDied) {
    try {
      await pick()();
    } catch (e) {
      fail('driver', e.stack ?? e);
    }
  }
}

const samples = [];  // [seconds, kB]
function sampleRss() {
  try {
    const status = readFileSync(`/proc/${PID}/status`, 'utf8');
    const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1]);
    samples.push([Math.round(elapsed()), kb]);
  } catch {
    serverDied = true;
  }
}

// Least squares over the samples at or after `from` seconds: kB per minute.
function slope(points) {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxy = 0; let sxx = 0;
  for (const [x, y] of points) { sxy += (x - mx) * (y - my); sxx += (x - mx) ** 2; }
  return (sxy / sxx) * 60;
}

sampleRss();
const sampler = setInterval(() => {
  sampleRss();
  if (!alive()) serverDied = true;
  const last = samples[samples.length - 1];
  if (last) console.error(`${last[0]} s: VmRSS ${last[1]} kB, ${[...counts.values()].reduce((a, b) => a + b, 0)} requests, ${unexpected.length} unexpected`);
}, SAMPLE_MS);

console.error(`soak: ${WORKERS} workers for ${SECONDS} s against ${url} (server pid ${PID}); hostile kinds: ${hostileKinds.join(', ')}`);
const workers = Array.from({ length: WORKERS }, () => worker());
// Every request has a timeout, so the workers end soon after the deadline; this bounds it anyway.
const stuck = await Promise.race([
  Promise.all(workers).then(() => false),
  sleep(SECONDS * 1000 + 120_000).then(() => true),
]);
if (stuck) fail('driver', 'workers still busy two minutes after the deadline');
clearInterval(sampler);
sampleRss();

// After the load: the server answers, and holds no stream or extra connection.
await sleep(1000);
const health = await get('/healthz');
if (health.error || health.status !== 200) { serverDied = serverDied || !alive(); fail('healthz', `after the soak: ${health.error ?? health.status}`); }
// Our keep-alive sockets closed, the server should hold only the connection that asks /metrics.
agent.destroy();
let metrics = {};
let connections = NaN;
for (let i = 0; i < 10; ++i) {
  await sleep(500);
  metrics = await get('/metrics', false);
  connections = Number(/^chatkit_open_connections (\d+)/m.exec(metrics.body ?? '')?.[1]);
  if (connections <= 1) break;
}
if (!(connections <= 1)) fail('metrics', `chatkit_open_connections ${connections} once every client has gone`);
const metricLines = (metrics.body ?? '').split('\n').filter((l) => /^chatkit_(errors_total|active_streams|open_connections)\b/.test(l));
const internal = metricLines.filter((l) => /code="internal"/.test(l));
for (const l of internal) fail('metrics', l);
const active = Number(metricLines.find((l) => l.startsWith('chatkit_active_streams'))?.split(' ')[1] ?? 0);
if (active !== 0) fail('metrics', `chatkit_active_streams ${active} after the load`);

// --- report ------------------------------------------------------------------------------------

const total = [...counts.values()].reduce((a, b) => a + b, 0);
const duration = elapsed();
console.log(`\n### Soak: ${SECONDS} s, ${WORKERS} workers, ${total} requests (${(total / duration).toFixed(0)}/s over ${duration.toFixed(0)} s)\n`);
console.log('| kind | requests |');
console.log('|---|---:|');
for (const [kind, n] of [...counts.entries()].sort()) console.log(`| ${kind} | ${n} |`);
console.log(`\nUnexpected outcomes: ${unexpected.length}`);
if (unexpected.length > 0) {
  const byWhat = new Map();
  for (const u of unexpected) {
    const key = `[${u.kind}] ${u.what.replace(/thr_[0-9a-f]+/g, 'thr_…').slice(0, 90)}`;
    byWhat.set(key, (byWhat.get(key) ?? 0) + 1);
  }
  console.log('By kind and what:');
  for (const [key, n] of [...byWhat.entries()].sort((a, b) => b[1] - a[1])) console.log(`  ${n} × ${key}`);
  console.log('The first ones:');
}
for (const u of unexpected.slice(0, 10)) console.log(`- [${u.kind}] at ${u.t} s: ${u.what}`);
console.log(`Server alive at the end: ${!serverDied && alive() ? 'yes' : 'NO'}`);
console.log('\nServer metrics after the load:');
for (const l of metricLines) console.log(`  ${l}`);
console.log(`\nVmRSS samples (s: kB): ${samples.map(([t, kb]) => `${t}:${kb}`).join(' ')}`);
const after = samples.filter(([t]) => t >= WARMUP);
if (after.length >= 2) {
  const kbs = after.map(([, kb]) => kb);
  console.log(`After ${WARMUP} s of warm-up: ${after.length} samples, min ${Math.min(...kbs)} kB, max ${Math.max(...kbs)} kB, ` +
    `first ${kbs[0]} kB, last ${kbs[kbs.length - 1]} kB, slope ${slope(after).toFixed(1)} kB/min (least squares)`);
  // Large bodies in flight make spikes; the lowest sample of each minute shows the floor's trend.
  const minutes = new Map();
  for (const [t, kb] of after) {
    const m = Math.floor((t - WARMUP) / 60);
    minutes.set(m, Math.min(minutes.get(m) ?? Infinity, kb));
  }
  const floors = [...minutes.entries()].filter(([m]) => (m + 1) * 60 + WARMUP <= duration + 1).map(([m, kb]) => [WARMUP + m * 60, kb]);
  if (floors.length >= 2) {
    console.log(`Lowest sample per minute after warm-up (kB): ${floors.map(([, kb]) => kb).join(' ')}; slope ${slope(floors).toFixed(1)} kB/min`);
  }
}
process.exit(unexpected.length === 0 && !serverDied ? 0 : 1);
