// The protocol codec through the wasm module: golden fixtures round-trip, accepted input forms
// normalise, and the malformed corpus is refused with code, path and reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tools as core, dirsIn, jsonFilesIn, readJson } from './support.mjs';

const kinds = ['request', 'item', 'event', 'thread', 'item_page', 'thread_page', 'attachment',
  'sync_action_response', 'transcription'];

test('every protocol fixture encodes back to itself', async () => {
  const { core: ck } = await core();
  let count = 0;
  for (const kind of kinds) {
    for (const file of jsonFilesIn('protocol', kind)) {
      const fixture = readJson('protocol', kind, file);
      assert.deepStrictEqual(ck.normalize(kind, fixture), fixture, `${kind}/${file}`);
      count += 1;
    }
  }
  assert.ok(count >= 70, `only ${count} fixtures`);
});

test('accepted input forms encode to the canonical form', async () => {
  const { core: ck } = await core();
  const files = jsonFilesIn('protocol', 'normalize');
  assert.ok(files.length >= 10);
  for (const file of files) {
    const { kind, input, output } = readJson('protocol', 'normalize', file);
    assert.deepStrictEqual(ck.normalize(kind, input), output, file);
  }
});

function bodyOf(spec) {
  if (spec.body_hex) return Buffer.from(spec.body_hex, 'hex');
  if (spec.generate === 'nested_arrays') return '['.repeat(spec.depth) + ']'.repeat(spec.depth);
  if (spec.generate) {
    const nest = '{"a":'.repeat(spec.depth) + '1' + '}'.repeat(spec.depth);
    return spec.generate === 'nested_objects' ? nest : `{"type":"threads.list","params":{},"metadata":${nest}}`;
  }
  return spec.body;
}

test('malformed requests are refused with code, path and reason', async () => {
  const { core: ck, api } = await core();
  const cases = readJson('malformed', 'requests.json');
  assert.ok(cases.length >= 50);
  for (const spec of cases) {
    // Raw bytes (invalid UTF-8) go through a Uint8Array, exactly as a fetch body would.
    const body = bodyOf(spec);
    assert.throws(() => ck.parseRequest(body instanceof Buffer ? new Uint8Array(body) : body), (error) => {
      assert.ok(error instanceof api.ChatKitError, spec.name);
      assert.equal(error.code, spec.code, `${spec.name}: ${error.message}`);
      assert.equal(error.path, spec.path, `${spec.name}: ${error.message}`);
      assert.ok(error.reason.includes(spec.message_contains), `${spec.name}: ${error.message}`);
      return true;
    });
  }
});

test('malformed events are refused with code, path and reason', async () => {
  const { core: ck } = await core();
  for (const spec of readJson('malformed', 'events.json')) {
    assert.throws(() => ck.normalize('event', spec.body), (error) => {
      // normalize() parses text first: a non-JSON body is invalid_json here, invalid_event in the stream path.
      if (spec.path === '') return error.code === 'invalid_json';
      assert.equal(error.path, spec.path, spec.name);
      assert.ok(error.reason.includes(spec.message_contains), `${spec.name}: ${error.message}`);
      return true;
    });
  }
});

test('requests report whether they stream through their canonical form', async () => {
  const { core: ck } = await core();
  const request = ck.parseRequest('{"type":"threads.create","params":{"input":{"content":[]}}}');
  assert.deepStrictEqual(request, {
    type: 'threads.create', metadata: {}, params: { input: { content: [], attachments: [], inference_options: {} } },
  });
});

test('unknown kinds are refused, not crashed on', async () => {
  const { core: ck } = await core();
  assert.throws(() => ck.normalize('spaceship', {}), /unknown kind 'spaceship'/);
  assert.throws(() => ck.normalize('item', '{"id":'), (e) => e.code === 'invalid_json');
});

test('fixtures directories exist for every kind', async () => {
  for (const kind of kinds) assert.ok(jsonFilesIn('protocol', kind).length > 0, kind);
  assert.ok(dirsIn('streams').length >= 8);
});
