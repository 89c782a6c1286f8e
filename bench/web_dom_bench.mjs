// Times the browser client's hot paths IN THE PAGE, DOM included: headless Chromium opens the built
// web folder served by the real server, and the page's own modules (the wasm thread view and the
// patcher) turn SSE bytes into DOM:
//   1. 10,000 assistant text deltas (one SSE event each, fed one by one: the worst chunking);
//   2. 1,000 widget.component.updated events on a 100-row card (each replaces one row).
// Each figure includes decoding, reducing, rendering, patching and a forced layout at the end.
//   node bench/web_dom_bench.mjs [--runs N]
// Env: CHATKIT_SERVER (default build/release/server/chatkit-server), CHATKIT_WEB_DIR (build/web).
import { join } from 'node:path';
import { assetPath, launchBrowser, openPage, ROOT, startServer } from '../tests/e2e/harness.mjs';

process.env.CHATKIT_SERVER ??= join(ROOT, 'build/release/server/chatkit-server');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;

// Runs in the page: builds the SSE streams, then times feed → takePatches → apply → layout.
async function pageBench({ modules, deltas, updates, rows }) {
  const [{ loadChatKitCore }, { Patcher }] = await Promise.all(modules.map((m) => import(m)));
  const core = await loadChatKitCore();
  const encoder = new TextEncoder();
  const frame = (event) => encoder.encode(`data: ${JSON.stringify(event)}\n\n`);
  const now = '2025-01-02T03:04:05Z';
  const stage = document.createElement('div');
  document.body.replaceChildren(stage);

  async function timed(frames) {
    stage.replaceChildren();
    const view = core.createThreadView();
    const patcher = new Patcher(stage);
    const [setup, ...rest] = frames;
    view.feed(setup);
    patcher.apply(view.takePatches());
    void stage.offsetHeight;
    // Per phase: the core decoding and reducing (feed), the core rendering (takePatches), the DOM.
    let feed = 0;
    let take = 0;
    let dom = 0;
    const start = performance.now();
    for (const bytes of rest) {
      const t0 = performance.now();
      view.feed(bytes);
      const t1 = performance.now();
      const ops = view.takePatches();
      const t2 = performance.now();
      patcher.apply(ops);
      const t3 = performance.now();
      feed += t1 - t0;
      take += t2 - t1;
      dom += t3 - t2;
    }
    const beforeLayout = performance.now();
    void stage.offsetHeight;  // layout included
    const end = performance.now();
    const script = end - start;
    dom += end - beforeLayout;
    await new Promise((done) => requestAnimationFrame(() => setTimeout(done)));
    const painted = performance.now() - start;
    view.dispose();
    return { script, painted, feed, take, dom, text: stage.textContent.length };
  }

  // 1. Text deltas into one assistant message.
  const id = 'msg_bench';
  const setupText = [
    { type: 'thread.item.added', item: { type: 'assistant_message', id, thread_id: 'thr_b', created_at: now, content: [] } },
    { type: 'thread.item.updated', item_id: id, update: { type: 'assistant_message.content_part.added', content_index: 0, content: { type: 'output_text', text: '', annotations: [] } } },
  ].map(frame);
  const setupBytes = new Uint8Array(setupText.reduce((n, b) => n + b.length, 0));
  setupText.reduce((offset, b) => (setupBytes.set(b, offset), offset + b.length), 0);
  const textFrames = [setupBytes];
  for (let i = 0; i < deltas; i++) {
    textFrames.push(frame({ type: 'thread.item.updated', item_id: id, update: { type: 'assistant_message.content_part.text_delta', content_index: 0, delta: `word${i} ` } }));
  }

  // 2. Component updates on a card of `rows` rows.
  const row = (n, v) => ({ type: 'Row', id: `r${n}`, children: [
    { type: 'Checkbox', id: `c${n}`, name: 'done', defaultChecked: v % 2 === 1, onChangeAction: { type: 'toggle', payload: { id: n } } },
    { type: 'Text', id: `t${n}`, value: `todo ${n} version ${v}` },
    { type: 'Badge', label: `v${v}` }] });
  const widget = { type: 'Card', id: 'card', children: Array.from({ length: rows }, (_, n) => row(n, 0)) };
  const wid = 'msg_widget';
  const widgetFrames = [frame({ type: 'thread.item.done', item: { type: 'widget', id: wid, thread_id: 'thr_b', created_at: now, widget } })];
  for (let i = 0; i < updates; i++) {
    const n = i % rows;
    widgetFrames.push(frame({ type: 'thread.item.updated', item_id: wid, update: { type: 'widget.component.updated', component_id: `r${n}`, component: row(n, i + 1) } }));
  }

  return { text: await timed(textFrames), widget: await timed(widgetFrames), widgetRows: stage.querySelectorAll('input[type=checkbox]').length };
}

const server = await startServer(['--log-level', 'off']);
const browser = await launchBrowser();
try {
  const page = await openPage(browser, server);
  await page.goto(server.url + '/');
  await page.waitForSelector('body.ck-ready');
  const modules = [assetPath('chatkit.mjs'), assetPath('patcher.js')];
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await page.evaluate(pageBench, { modules, deltas: 10000, updates: 1000, rows: 100 }));
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const ms = (value) => `${value.toFixed(1)} ms`;
  const report = (label, count, unit, samples) => {
    const total = median(samples.map((r) => r.script));
    console.log(`  ${label}: ${ms(total)} (${ms(Math.min(...samples.map((r) => r.script)))} … ${ms(Math.max(...samples.map((r) => r.script)))}),`
      + ` ${(total * 1000 / count).toFixed(1)} µs/${unit}; to the next frame ${ms(median(samples.map((r) => r.painted)))}`);
    console.log(`      of which core feed ${ms(median(samples.map((r) => r.feed)))}, core takePatches ${ms(median(samples.map((r) => r.take)))},`
      + ` DOM patch + layout ${ms(median(samples.map((r) => r.dom)))}`);
  };
  console.log(`web DOM bench: Chromium ${browser.version()}, median of ${runs} runs (min … max)`);
  report('10,000 text deltas     ', 10000, 'delta', results.map((r) => r.text));
  report('1,000 component updates', 1000, 'update', results.map((r) => r.widget));
  console.log(`  (${results[0].text.text} characters and ${results[0].widgetRows} card rows on screen at the end)`);
} finally {
  await browser.close();
  await server.stop();
}
