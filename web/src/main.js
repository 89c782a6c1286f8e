// The standalone app: hosts one <openai-chatkit> full size, with the options a whole-page chat
// wants (history beside the chat on a wide window, feedback and retry, the system colour scheme),
// and keeps the open chat in the URL (#thr_…) so that a reload reopens it.
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

async function start() {
  const config = await resolveConfig();
  await customElements.whenDefined('openai-chatkit');
  const chatkit = /** @type {OpenAIChatKit} */ (document.querySelector('openai-chatkit'));
  let options = optionsFor(config);
  chatkit.setOptions(options);
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
