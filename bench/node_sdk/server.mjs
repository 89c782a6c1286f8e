// The Node ChatKit SDK (chatkit-node-backend-sdk, from npm) as bench/streams_bench.sh drives it:
// threads.create answered like chatkit-server's `--model bench:N:MS` (an assistant message of N
// deltas "word0 ", "word1 ", ... MS milliseconds apart), on node:http, with an in-memory store
// (no disk: the SDK gets the cheaper side of that comparison). Prints `listening on URL`.
//   node bench/node_sdk/server.mjs --port 0 --deltas 200 --delay 20
import { createServer } from 'node:http';
import { ChatKitServer, Store } from 'chatkit-node-backend-sdk';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const PORT = option('port', 0);
const DELTAS = option('deltas', 200);
const DELAY_MS = option('delay', 20);

class NotFound extends Error {}

// Threads and items in maps: the least a store can cost.
class MemoryStore extends Store {
  threads = new Map();
  items = new Map();
  async loadThread(id) { const t = this.threads.get(id); if (!t) throw new NotFound(id); return t; }
  async saveThread(thread) { this.threads.set(thread.id, thread); }
  async deleteThread(id) { this.threads.delete(id); this.items.delete(id); }
  async loadThreads(limit) { return { data: [...this.threads.values()].slice(0, limit), has_more: false, after: null }; }
  async loadThreadItems(id, _after, limit) {
    const all = this.items.get(id) ?? [];
    return { data: all.slice(-limit), has_more: false, after: null };
  }
  async addThreadItem(id, item) { (this.items.get(id) ?? this.items.set(id, []).get(id)).push(item); }
  async saveItem(id, item) {
    const all = this.items.get(id) ?? [];
    const at = all.findIndex((i) => i.id === item.id);
    if (at >= 0) all[at] = item; else all.push(item);
    this.items.set(id, all);
  }
  async loadItem(id, itemId) { const i = (this.items.get(id) ?? []).find((x) => x.id === itemId); if (!i) throw new NotFound(itemId); return i; }
  async deleteThreadItem(id, itemId) { this.items.set(id, (this.items.get(id) ?? []).filter((i) => i.id !== itemId)); }
  async saveAttachment() {}
  async loadAttachment(id) { throw new NotFound(id); }
  async deleteAttachment() {}
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class BenchServer extends ChatKitServer {
  async *respond(thread) {
    const id = this.store.generateItemId('message', thread, {});
    const base = { id, thread_id: thread.id, created_at: new Date().toISOString() };
    yield { type: 'thread.item.added', item: { ...base, type: 'assistant_message', content: [] } };
    yield { type: 'thread.item.updated', item_id: id,
      update: { type: 'assistant_message.content_part.added', content_index: 0, content: { type: 'output_text', text: '', annotations: [] } } };
    let text = '';
    for (let i = 0; i < DELTAS; i++) {
      if (DELAY_MS > 0) await sleep(DELAY_MS);
      const delta = `word${i} `;
      text += delta;
      yield { type: 'thread.item.updated', item_id: id,
        update: { type: 'assistant_message.content_part.text_delta', content_index: 0, delta } };
    }
    const content = { type: 'output_text', text, annotations: [] };
    yield { type: 'thread.item.updated', item_id: id, update: { type: 'assistant_message.content_part.done', content_index: 0, content } };
    yield { type: 'thread.item.done', item: { ...base, type: 'assistant_message', content: [content] } };
  }
}

const server = new BenchServer(new MemoryStore());
const http = createServer(async (req, res) => {
  if (req.method !== 'POST') { res.writeHead(404).end(); return; }
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  try {
    const result = await server.process(Buffer.concat(chunks).toString('utf8'), { userId: 'bench' });
    if (result.isStreaming) {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      for await (const chunk of result) res.write(chunk);
      res.end();
    } else {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(result.toJSON()));
    }
  } catch (error) {
    res.writeHead(500).end(String(error));
  }
});
http.keepAliveTimeout = 60000;
http.listen(PORT, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${http.address().port}`));
