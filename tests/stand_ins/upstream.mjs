// A loopback stand-in for the cloud: model providers and Microsoft Entra ID token endpoints, for
// the tests of the HTTP transport, the Azure credentials and the providers. Node 20, no packages.
//
//   node tests/stand_ins/upstream.mjs      prints exactly one line: listening on http://127.0.0.1:PORT
//
// Control API (never logged):
//   POST /_script          a JSON array of scripted responses, appended to a FIFO queue:
//                          {"status":200, "headers":{...}, "head_delay_ms":0,
//                           "chunks":[{"data":"...","delay_ms":0}, ...],
//                           "end":"normal"|"cut"|"hang", "match":"/path prefix"}
//                          cut: the socket is destroyed after the chunks (a mid-stream cut);
//                          hang: the response stays open, silent, until the client leaves;
//                          head_delay_ms: wait that long before sending the status and headers;
//                          match: only a request whose path starts with it takes this response.
//   GET  /_log             the requests received: [{method, path, headers, body, body_base64, aborted}],
//                          where body is the body as UTF-8 text, body_base64 its exact bytes, and
//                          aborted is true once the client closed before the response ended.
//   POST /_reset           clears the queue, the log and the token settings.
//   POST /_token_settings  {"seconds":3600, "as_string":bool, "delay_ms":0}: the lifetime of the
//                          tokens issued from now on, whether expires_in/expires_on are sent as
//                          strings (default: as the real endpoint does, a number from Entra ID,
//                          strings from managed identity), and how long the token endpoints wait
//                          before answering.
//                          (/_token_lifetime is the same endpoint.)
//   POST /_transcription   {"text": "..."}: what the transcription endpoint answers from now on
//                          (default: "Transcribed N bytes of TYPE.", N and TYPE those of the file part).
// Every other request takes the next scripted response (500 with a JSON error when none is left),
// except the built-in token endpoints, which need no script:
//   POST /{tenant}/oauth2/v2.0/token           client secret ("good-secret") or workload identity
//                                              (client_assertion "good-assertion")
//   GET  /msi/token                            managed identity, App Service form
//                                              (X-IDENTITY-HEADER: good-header)
//   GET  /metadata/identity/oauth2/token       managed identity, IMDS form (Metadata: true)
//   POST .../audio/transcriptions              speech to text, as OpenAI and Azure OpenAI speak it:
//                                              multipart/form-data with a "file" part (400 without),
//                                              answered {"text": ...}; a script whose `match` names the
//                                              path is played instead (to script errors)
// Tokens are "tok-<kind>-<counter>", kind one of secret, assertion, msi, imds.
import http from 'node:http';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const RESOURCE = 'https://cognitiveservices.azure.com';
const SCOPE = `${RESOURCE}/.default`;

const defaultTokenSettings = () => ({ seconds: 3600, as_string: undefined, delay_ms: 0 });

let queue = [];
let log = [];
let tokenSettings = defaultTokenSettings();
let tokenCounter = 0;
let transcriptText;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function sendJson(res, status, value) {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

// The body's bytes (multipart audio is binary).
function readBody(req) {
  return new Promise((resolve) => {
    const parts = [];
    req.on('data', (part) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', () => resolve(Buffer.concat(parts)));
  });
}

// --- Control API.

// A log entry without its private fields (closed, cut).
const publicEntry = ({ method, path, headers, body, body_base64, aborted }) => ({
  method, path, headers, body, body_base64, aborted,
});

function parseJson(text, res) {
  try {
    return JSON.parse(text || 'null');
  } catch (error) {
    sendJson(res, 400, { error: `the body is not JSON: ${error.message}` });
    return undefined;
  }
}

function handleControl(req, res, body) {
  if (req.method === 'GET' && req.url === '/_log') return sendJson(res, 200, log.map(publicEntry));
  if (req.method === 'POST' && req.url === '/_reset') {
    queue = [];
    log = [];
    tokenSettings = defaultTokenSettings();
    tokenCounter = 0;
    transcriptText = undefined;
    return sendJson(res, 200, { ok: true });
  }
  const value = parseJson(body, res);
  if (value === undefined) return undefined;
  if (req.method === 'POST' && req.url === '/_script') {
    if (!Array.isArray(value)) return sendJson(res, 400, { error: '/_script takes a JSON array' });
    queue.push(...value);
    return sendJson(res, 200, { queued: queue.length });
  }
  if (req.method === 'POST' && req.url === '/_transcription') {
    transcriptText = value?.text;
    return sendJson(res, 200, { text: transcriptText ?? null });
  }
  if (req.method === 'POST' && (req.url === '/_token_settings' || req.url === '/_token_lifetime')) {
    tokenSettings = { ...tokenSettings, ...value };
    return sendJson(res, 200, tokenSettings);
  }
  return sendJson(res, 404, { error: `unknown control request ${req.method} ${req.url}` });
}

// --- Token endpoints.

// A number as JSON number or as a string: what the real endpoint sends (`usual`), unless the
// token settings say otherwise (as_string true or false).
function number(value, usual) {
  const asString = tokenSettings.as_string ?? usual === 'string';
  return asString ? String(value) : value;
}

function issue(kind) {
  tokenCounter += 1;
  return `tok-${kind}-${tokenCounter}`;
}

function invalidClient(res) {
  return sendJson(res, 401, {
    error: 'invalid_client',
    error_description: 'AADSTS7000215: Invalid client secret provided.',
  });
}

function entraToken(res, body) {
  const form = new URLSearchParams(body);
  const missing = ['grant_type', 'client_id', 'scope'].find((name) => !form.get(name));
  if (missing || form.get('grant_type') !== 'client_credentials') {
    return sendJson(res, 400, {
      error: 'invalid_request',
      error_description: `AADSTS900144: The request body must contain the following parameter: '${missing ?? 'grant_type'}'.`,
    });
  }
  let kind;
  if (form.get('client_secret') === 'good-secret') kind = 'secret';
  if (form.get('client_assertion') === 'good-assertion' && form.get('client_assertion_type') === JWT_BEARER) {
    kind = 'assertion';
  }
  if (!kind) return invalidClient(res);
  const seconds = tokenSettings.seconds;
  return sendJson(res, 200, {
    token_type: 'Bearer',
    expires_in: number(seconds, 'number'),
    ext_expires_in: number(seconds, 'number'),
    access_token: issue(kind),
  });
}

function managedIdentityToken(res, url, kind) {
  const resource = url.searchParams.get('resource');
  if (!resource) {
    return sendJson(res, 400, { error: 'invalid_request', error_description: 'Required query variable resource is missing' });
  }
  const seconds = tokenSettings.seconds;
  const expiresOn = Math.floor(Date.now() / 1000) + seconds;
  const reply = {
    access_token: issue(kind),
    expires_on: number(expiresOn, 'string'),
    resource,
    token_type: 'Bearer',
  };
  if (kind === 'imds') reply.expires_in = number(seconds, 'string');
  const clientId = url.searchParams.get('client_id');
  if (clientId) reply.client_id = clientId;
  return sendJson(res, 200, reply);
}

function appServiceToken(req, res, url) {
  if (req.headers['x-identity-header'] !== 'good-header' || url.searchParams.get('api-version') !== '2019-08-01') {
    return sendJson(res, 401, {
      statusCode: 401,
      message: 'Unauthorized: the X-IDENTITY-HEADER is missing or wrong, or the api-version is not 2019-08-01',
    });
  }
  return managedIdentityToken(res, url, 'msi');
}

function imdsToken(req, res, url) {
  if (req.headers.metadata !== 'true' || url.searchParams.get('api-version') !== '2018-02-01') {
    return sendJson(res, 400, { error: 'invalid_request', error_description: 'Required metadata header not specified' });
  }
  return managedIdentityToken(res, url, 'imds');
}

// The built-in endpoint for this request, if any.
function tokenEndpoint(req) {
  const url = new URL(req.url, 'http://stand-in');
  if (req.method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(url.pathname)) {
    return (res, body) => entraToken(res, body);
  }
  if (req.method === 'GET' && url.pathname === '/msi/token') return (res) => appServiceToken(req, res, url);
  if (req.method === 'GET' && url.pathname === '/metadata/identity/oauth2/token') return (res) => imdsToken(req, res, url);
  return undefined;
}

// --- Speech to text.

// The parts of a multipart/form-data body: [{name, filename, type, data (Buffer)}].
function multipartParts(contentType, body) {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType ?? '')?.[1];
  if (!boundary) return [];
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const parts = [];
  let at = body.indexOf(`--${boundary}`);
  if (at < 0) return [];
  at += boundary.length + 2;
  for (;;) {
    if (body.subarray(at, at + 2).toString() === '--') return parts;
    const headersEnd = body.indexOf('\r\n\r\n', at);
    if (headersEnd < 0) return parts;
    const headers = body.subarray(at + 2, headersEnd).toString('utf8');
    const end = body.indexOf(delimiter, headersEnd + 4);
    if (end < 0) return parts;
    parts.push({
      name: /name="([^"]*)"/.exec(headers)?.[1],
      filename: /filename="([^"]*)"/.exec(headers)?.[1],
      type: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1],
      data: body.subarray(headersEnd + 4, end),
    });
    at = end + delimiter.length;
  }
}

function transcription(req, res, body) {
  const file = multipartParts(req.headers['content-type'], body).find((part) => part.name === 'file');
  if (!file) {
    return sendJson(res, 400, {
      error: { message: "Missing required parameter: 'file'.", type: 'invalid_request_error', param: 'file', code: null },
    });
  }
  return sendJson(res, 200, { text: transcriptText ?? `Transcribed ${file.data.length} bytes of ${file.type}.` });
}

const isTranscription = (req) => req.method === 'POST' && /\/audio\/transcriptions(\?|$)/.test(req.url);

// --- Scripted responses.

function takeScript(path) {
  const index = queue.findIndex((script) => !script.match || path.startsWith(script.match));
  if (index < 0) return undefined;
  return queue.splice(index, 1)[0];
}

async function play(script, req, res, entry) {
  if (script.head_delay_ms) await sleep(script.head_delay_ms);
  if (entry.closed) return;
  res.writeHead(script.status ?? 200, script.headers ?? {});
  res.flushHeaders();  // the head goes out now, not with the first chunk
  for (const chunk of script.chunks ?? []) {
    if (chunk.delay_ms) await sleep(chunk.delay_ms);
    if (entry.closed) return;
    res.write(chunk.data ?? '');
  }
  const end = script.end ?? 'normal';
  if (end === 'cut') {
    entry.cut = true;
    // Let the chunks written so far reach the client before the connection dies.
    res.socket.end();
    setTimeout(() => res.socket?.destroy(), 20);
  } else if (end !== 'hang') {
    res.end();
  }
}

async function handleUpstream(req, res, body, entry) {
  const token = tokenEndpoint(req);
  if (token) {
    if (tokenSettings.delay_ms) await sleep(tokenSettings.delay_ms);
    if (!entry.closed) token(res, body.toString('utf8'));
    return;
  }
  if (isTranscription(req)) {
    const index = queue.findIndex((script) => script.match && req.url.startsWith(script.match));
    if (index < 0) return transcription(req, res, body);
    return play(queue.splice(index, 1)[0], req, res, entry);
  }
  const script = takeScript(req.url);
  if (!script) return sendJson(res, 500, { error: `no scripted response left for ${req.method} ${req.url}` });
  return play(script, req, res, entry);
}

// --- The server.

async function onRequest(req, res) {
  const control = req.url.startsWith('/_');
  const entry = { method: req.method, path: req.url, headers: req.headers, body: '', aborted: false };
  entry.closed = false;
  res.on('close', () => {
    entry.closed = true;
    // Closed before the response ended, and not by us cutting it: the client went away.
    if (!res.writableFinished && !entry.cut) entry.aborted = true;
  });
  const body = await readBody(req);
  if (control) return handleControl(req, res, body.toString('utf8'));
  entry.body = body.toString('utf8');
  entry.body_base64 = body.toString('base64');
  log.push(entry);
  return handleUpstream(req, res, body, entry);
}

const server = http.createServer((req, res) => {
  onRequest(req, res).catch((error) => {
    if (!res.headersSent) sendJson(res, 500, { error: `stand-in failure: ${error.stack ?? error}` });
    else res.destroy();
  });
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
});
