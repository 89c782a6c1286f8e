// The standalone app: hosts one <openai-chatkit> full size, with the options a whole-page chat
// wants (history beside the chat on a wide window, feedback and retry, the system colour scheme),
// and keeps the open chat in the URL (#thr_…) so that a reload reopens it. When the server answers
// several use cases (--use-case A,B: each at /chatkit/NAME), a switch above the chat picks one; the
// choice is kept in the URL (?use_case=NAME) too.
import { bearerFetch, resolveConfig } from './config.js';

/** @typedef {import('@openai/chatkit').ChatKitOptions} ChatKitOptions */
/** @typedef {import('@openai/chatkit').OpenAIChatKit} OpenAIChatKit */

const dark = window.matchMedia('(prefers-color-scheme: dark)');
const wide = window.matchMedia('(min-width: 860px)');

/** @param {import('./config.js').PageConfig} config @returns {ChatKitOptions} */
const optionsFor = (config) => ({
  api: { url: config.api, domainKey: 'standalone', uploadStrategy: { type: 'two_phase' },
    ...(config.bearer ? { fetch: bearerFetch(config.bearer) } : {}) },
  initialThread: location.hash.slice(1) || null,
  theme: { colorScheme: dark.matches ? 'dark' : 'light' },
  history: { enabled: true, showDelete: true, showRename: true },
  threadItemActions: { feedback: true, retry: true },
  thread: { autoScroll: true },
  // The server checks size and type again, against the bytes (--max-attachment-bytes, --attachment-types).
  composer: { attachments: { enabled: true, maxSize: 20 * 1024 * 1024, maxCount: 10 }, dictation: { enabled: true } },
  widgets: { onAction: copyList },
  onClientTool: clientTool,
});

/**
 * The client tools a use case may ask the browser for: Todo's get_local_time.
 * @param {{ name: string }} call
 */
async function clientTool({ name }) {
  if (name !== 'get_local_time') throw new Error(`this page has no client tool ${name}`);
  const now = new Date();
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  const local = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
  return { local_time: local, time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone };
}

/**
 * The Todo card's "Copy list" (a client-handled action): its rows as a Markdown task list.
 * @param {{ type: string }} action @param {{ widget: { [key: string]: unknown } }} item
 */
async function copyList(action, item) {
  if (action.type !== 'copy_list') return;
  /** @type {string[]} */
  const lines = [];
  /** @param {unknown} node */
  const walk = (node) => {
    if (!node || typeof node !== 'object') return;
    const component = /** @type {{ type?: string, defaultChecked?: boolean, children?: unknown[], value?: unknown, id?: unknown }} */ (node);
    if (component.type === 'Row' && Array.isArray(component.children)) {
      const box = component.children.find((child) => /** @type {{ type?: string }} */ (child)?.type === 'Checkbox');
      const text = component.children.find((child) => /** @type {{ type?: string }} */ (child)?.type === 'Text');
      if (box && text) {
        lines.push(`- [${/** @type {{ defaultChecked?: boolean }} */ (box).defaultChecked ? 'x' : ' '}] ${/** @type {{ value?: unknown }} */ (text).value}`);
        return;
      }
    }
    for (const child of component.children ?? []) walk(child);
  };
  walk(item.widget);
  await navigator.clipboard.writeText(lines.join('\n'));
}

/** @typedef {{ name: string, path: string }} UseCase */

/**
 * The use cases the server answers (GET …/use-cases beside the endpoint, docs/PROTOCOL.md §1.1);
 * empty when it does not say (an older server, or an endpoint that is one use case's path already).
 * @param {string} api @returns {Promise<UseCase[]>}
 */
async function servedUseCases(api) {
  try {
    const response = await fetch(`${api.replace(/\/+$/, '')}/use-cases`, { cache: 'no-cache' });
    if (!response.ok) return [];
    const body = /** @type {{ use_cases?: unknown }} */ (await response.json());
    if (!Array.isArray(body?.use_cases)) return [];
    return body.use_cases.filter((/** @type {any} */ entry) => typeof entry?.name === 'string' && typeof entry?.path === 'string');
  } catch {
    return [];  // no list: the endpoint as configured
  }
}

/** A use case's endpoint: NAME below the configured one. @param {string} api @param {string} name */
const useCaseApi = (api, name) => `${api.replace(/\/+$/, '')}/${encodeURIComponent(name)}`;

/**
 * The switch between the use cases, above the chat: calls `choose` with the name picked.
 * @param {UseCase[]} useCases @param {string} current @param {(name: string) => void} choose
 */
function showSwitcher(useCases, current, choose) {
  const select = document.createElement('select');
  select.className = 'ck-page-use-case';
  for (const { name } of useCases) select.append(new Option(name, name, false, name === current));
  select.addEventListener('change', () => choose(select.value));
  const label = document.createElement('label');
  label.append('Use case ', select);
  const bar = document.createElement('nav');
  bar.className = 'ck-page-bar';
  bar.setAttribute('aria-label', 'Use cases');
  bar.append(label);
  document.body.classList.add('ck-page-switching');
  document.body.prepend(bar);
}

/** The URL of this page with `useCase` chosen and no chat open. @param {string} useCase */
function urlFor(useCase) {
  const url = new URL(location.href);
  url.searchParams.set('use_case', useCase);
  url.hash = '';
  return url.href;
}

async function start() {
  const config = await resolveConfig();
  const useCases = await servedUseCases(config.api);
  const wanted = new URL(location.href).searchParams.get('use_case');
  const chosen = useCases.find(({ name }) => name === wanted) ?? useCases[0];
  await customElements.whenDefined('openai-chatkit');
  const chatkit = /** @type {OpenAIChatKit} */ (document.querySelector('openai-chatkit'));
  // One use case (or no list): the endpoint as configured, exactly as before.
  const several = useCases.length > 1 && chosen;
  let options = optionsFor(several ? { ...config, api: useCaseApi(config.api, chosen.name) } : config);
  chatkit.setOptions(options);
  if (several) {
    showSwitcher(useCases, chosen.name, (name) => {
      // Another use case's chats are not this one's: its list, and a new chat.
      history.replaceState(null, '', urlFor(name));
      options = { ...options, api: { ...options.api, url: useCaseApi(config.api, name) }, initialThread: null };
      chatkit.setOptions(options);
    });
  }
  chatkit.addEventListener('chatkit.thread.change', ({ detail }) => {
    const hash = detail.threadId ? `#${detail.threadId}` : '';
    if (location.hash !== hash) history.replaceState(null, '', hash || location.pathname + location.search);
  });
  chatkit.addEventListener('chatkit.ready', () => { if (wide.matches) chatkit.showHistory(); }, { once: true });
  dark.addEventListener('change', () => {
    options = { ...options, theme: { colorScheme: dark.matches ? 'dark' : 'light' } };
    chatkit.setOptions(options);
  });
  window.addEventListener('hashchange', () => { chatkit.setThreadId(location.hash.slice(1) || null); });
}

start().catch((error) => {
  console.error('chatkit: the page could not start', error);
  const notice = document.createElement('p');
  notice.className = 'ck-page-error';
  notice.setAttribute('role', 'alert');
  notice.textContent = `The chat could not start: ${error instanceof Error ? error.message : String(error)}`;
  document.body.prepend(notice);
});
