// The message box: Enter sends, Shift+Enter adds a line; while an answer streams, the send button
// becomes a stop button. Options add a tool picker (inference_options.tool_choice), a model picker
// (inference_options.model) and @-mentions (entities.onTagSearch: the chosen entity is sent as an
// input_tag segment where its "@Title" stands in the text).
import { h } from './dom.js';
import { icon } from './icons.js';
import { AttachmentTray } from './attachments.js';
import { Dictation } from './dictation.js';

/** @typedef {import('@openai/chatkit').ComposerOption} ComposerOption */
/** @typedef {import('@openai/chatkit').ToolOption} ToolOption */
/** @typedef {import('@openai/chatkit').Entity} Entity */
/** @typedef {import('@openai/chatkit').UserMessageContent} UserMessageContent */
/** @typedef {import('./strings.js').Translate} Translate */
/** @typedef {import('./api.js').UserMessageInput} UserMessageInput */
/** @typedef {import('./api.js').ChatKitApi} ChatKitApi */
/** @typedef {import('./api.js').Attachment} Attachment */
/** @typedef {import('@openai/chatkit').FileUploadStrategy} FileUploadStrategy */
/**
 * @typedef {{ onSend: (input: UserMessageInput, attachments: Attachment[]) => boolean | void, onStop: () => void,
 *   onToolChange: (toolId: string | null) => void, onError: (message: string, error?: unknown) => void,
 *   onStatus: (text: string) => void, api: () => ChatKitApi | null, strategy: () => FileUploadStrategy | undefined }} ComposerHandlers
 *   onSend returns false when it could not take the message (the text then stays).
 */

const MENTION = /(^|\s)@([^\s@]{0,40})$/;  // "@query" just before the caret
const SEARCH_DELAY_MS = 120;

export class Composer {
  /** @param {ComposerHandlers} handlers */
  constructor(handlers) {
    this.handlers = handlers;
    this.streaming = false;
    /** @type {string | null} why the thread takes no messages, or null */
    this.lockedReason = null;
    /** @type {ComposerOption} */
    this.options = {};
    /** @type {((query: string) => Promise<Entity[]>) | null} */
    this.tagSearch = null;
    /** @type {Translate} */
    this.t = (key) => key;
    /** @type {string | null} */
    this.toolId = null;
    /** @type {string | null} */
    this.modelId = null;
    /** @type {Entity[]} entities mentioned in the text, in the order they were chosen */
    this.tags = [];
    /** @type {string | undefined} the reply (quoted text) to send with the next message */
    this.reply = undefined;
    this.input = h('textarea', { id: 'ck-input', name: 'message', rows: 1, autocomplete: 'off', enterkeyhint: 'send', class: 'ck-input',
      'aria-autocomplete': 'list' });
    this.label = h('label', { class: 'ck-visually-hidden', for: 'ck-input' }, 'Message');
    /** @type {Entity[]} the suggestions shown, in order */
    this.suggestionEntities = [];
    this.suggestionQuery = '';
    this.tools = h('div', { class: 'ck-composer-tools' });
    this.sendButton = h('button', { type: 'submit', class: 'ck-button ck-send' }, 'Send');
    this.stopButton = h('button', { type: 'button', class: 'ck-button ck-danger ck-stop', hidden: true }, 'Stop');
    this.suggestions = h('ul', { class: 'ck-mentions', role: 'listbox', hidden: true });
    this.tray = new AttachmentTray({ api: handlers.api, strategy: handlers.strategy, t: () => this.t,
      onError: handlers.onError, onChange: () => this.#updateSend() });
    this.dictation = new Dictation({ api: handlers.api, t: () => this.t, onError: handlers.onError, onStatus: handlers.onStatus,
      onText: (text) => this.#insertText(text) });
    this.form = h('form', { class: 'ck-composer' }, this.suggestions, this.label, this.tray.list,
      h('div', { class: 'ck-composer-row' }, this.tray.button, this.tray.picker, this.input, this.dictation.button, this.sendButton,
        this.stopButton), this.tools);
    this.tray.listen(this.form, this.input);
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#send();
    });
    this.input.addEventListener('keydown', (event) => this.#keydown(event));
    this.input.addEventListener('input', () => { this.#fit(); this.#mention(); });
    this.input.addEventListener('blur', () => setTimeout(() => this.#closeSuggestions(), 150));
    this.stopButton.addEventListener('click', () => handlers.onStop());
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.searchTimer = undefined;
    this.searchGeneration = 0;
  }

  /**
   * Applies ChatKitOptions.composer and the entity search; keeps what was typed.
   * @param {ComposerOption | undefined} options @param {((query: string) => Promise<Entity[]>) | null} tagSearch
   * @param {Translate} t
   */
  configure(options, tagSearch, t) {
    this.options = options ?? {};
    this.tagSearch = tagSearch;
    this.t = t;
    this.label.textContent = t('message');
    this.tray.configure(this.options.attachments);
    this.dictation.configure(this.options.dictation);
    this.sendButton.textContent = t('send');
    this.stopButton.textContent = t('stop');
    const tools = this.options.tools ?? [];
    if (this.toolId && !tools.some((tool) => tool.id === this.toolId)) this.#selectTool(null);
    const models = this.options.models ?? [];
    if (!models.some((model) => model.id === this.modelId && !model.disabled)) {
      this.modelId = (models.find((model) => model.default && !model.disabled) ?? models.find((model) => !model.disabled))?.id ?? null;
    }
    this.#renderPickers();
    this.#placeholder();
  }

  #renderPickers() {
    const { t } = this;
    const tools = this.options.tools ?? [];
    const models = this.options.models ?? [];
    /** @type {HTMLElement[]} */
    const parts = [];
    for (const tool of tools.filter((each) => each.pinned)) {
      const pressed = this.toolId === tool.id;
      parts.push(h('button', { type: 'button', class: 'ck-chip ck-tool-pinned', 'aria-pressed': String(pressed), 'data-tool': tool.id,
        onclick: () => this.#selectTool(this.toolId === tool.id ? null : tool.id) }, icon(tool.icon), tool.shortLabel ?? tool.label));
    }
    if (tools.length) {
      const select = h('select', { class: 'ck-picker ck-tool-picker', 'aria-label': t('tool') },
        h('option', { value: '' }, t('noTool')),
        ...tools.map((tool) => h('option', { value: tool.id, selected: tool.id === this.toolId }, tool.label)));
      select.addEventListener('change', () => this.#selectTool(select.value || null));
      parts.push(select);
    }
    if (models.length) {
      const select = h('select', { class: 'ck-picker ck-model-picker', 'aria-label': t('model') },
        ...models.map((model) => h('option', { value: model.id, selected: model.id === this.modelId, disabled: model.disabled,
          title: model.description }, model.label)));
      select.addEventListener('change', () => { this.modelId = select.value || null; });
      parts.push(select);
    }
    this.tools.replaceChildren(...parts);
    this.tools.hidden = parts.length === 0;
  }

  /** @param {string | null} toolId */
  #selectTool(toolId) {
    if (toolId === this.toolId) return;
    this.toolId = toolId;
    this.#renderPickers();
    this.#placeholder();
    this.handlers.onToolChange(toolId);
  }

  #placeholder() {
    const tool = (this.options.tools ?? []).find((each) => each.id === this.toolId);
    this.input.placeholder = this.lockedReason ?? tool?.placeholderOverride ?? this.options.placeholder ?? this.t('placeholder');
  }

  /**
   * What the composer would send: the text split into input_text and input_tag segments.
   * @returns {UserMessageInput | null} null when there is nothing to send
   */
  value() {
    const text = this.input.value.trim();
    if (!text) return null;
    /** @type {UserMessageInput['inference_options']} */
    const inference = {};
    if (this.toolId) inference.tool_choice = { id: this.toolId };
    if (this.modelId) inference.model = this.modelId;
    const input = { content: splitTags(text, this.tags), attachments: [], inference_options: inference };
    return this.reply ? { ...input, quoted_text: this.reply } : input;
  }

  /**
   * setComposerValue: text or structured content, the reply, the tool and model selections.
   * @param {{ text?: string, content?: UserMessageContent[], reply?: string, selectedToolId?: string | null, selectedModelId?: string,
   *   attachments?: { id: string, name: string, mime_type: string, type: 'file' | 'image', preview_url?: string }[], files?: File[] }} params
   */
  setValue({ text, content, reply, selectedToolId, selectedModelId, attachments, files }) {
    if (attachments || files) {
      this.tray.clear();
      for (const attachment of attachments ?? []) this.tray.addUploaded(attachment);
      if (files?.length) this.tray.add(files);
    }
    if (content) {
      this.tags = content.flatMap((part) => (part.type === 'input_tag'
        ? [{ id: part.id, title: part.text, group: part.group, interactive: part.interactive,
            data: /** @type {Record<string, string> | undefined} */ (part.data) }] : []));
      this.input.value = content.map((part) => (part.type === 'input_tag' ? `@${part.text}` : part.text)).join('');
    } else if (text !== undefined) {
      this.tags = [];
      this.input.value = text;
    }
    if (reply !== undefined) this.reply = reply || undefined;
    if (selectedToolId !== undefined) this.#selectTool(selectedToolId);
    if (selectedModelId !== undefined && (this.options.models ?? []).some((model) => model.id === selectedModelId)) {
      this.modelId = selectedModelId;
      this.#renderPickers();
    }
    this.#fit();
  }

  #send() {
    const input = this.value();
    if (!input || this.streaming || this.input.disabled) return;
    if (this.tray.busy) return this.handlers.onError(this.t('waitForUploads'));
    const attachments = this.tray.attachments();
    input.attachments = attachments.map((attachment) => attachment.id);
    if (this.handlers.onSend(input, attachments) === false) return;
    this.clear();
    this.tray.clear();
    if (this.toolId && !(this.options.tools ?? []).find((tool) => tool.id === this.toolId)?.persistent) this.#selectTool(null);
  }

  /** Empties the box (the words were sent). */
  clear() {
    this.input.value = '';
    this.tags = [];
    this.reply = undefined;
    this.#fit();
  }

  /** @param {KeyboardEvent} event */
  #keydown(event) {
    if (!this.suggestions.hidden && this.#navigateSuggestions(event)) return;
    // isComposing: Enter that confirms an IME composition is not a send.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.#send();
    }
  }

  // Send waits for uploads: shown, not only refused.
  #updateSend() {
    this.sendButton.toggleAttribute('data-waiting', this.tray.busy);
  }

  /** Dictated words: at the caret, or after what is typed. @param {string} text */
  #insertText(text) {
    const at = this.input.selectionStart ?? this.input.value.length;
    const before = this.input.value.slice(0, at);
    const joined = `${before}${before && !/\s$/.test(before) ? ' ' : ''}${text}`;
    this.input.value = joined + this.input.value.slice(at);
    this.input.setSelectionRange(joined.length, joined.length);
    this.input.focus();
    this.#fit();
  }

  // Grows with its content up to the CSS max-height.
  #fit() {
    this.input.style.height = 'auto';
    this.input.style.height = `${this.input.scrollHeight}px`;
  }

  // ---- @-mentions ------------------------------------------------------------------------------

  #mention() {
    const search = this.tagSearch;
    const match = search ? MENTION.exec(this.input.value.slice(0, this.input.selectionStart)) : null;
    clearTimeout(this.searchTimer);
    if (!search || !match) return this.#closeSuggestions();
    const query = match[2] ?? '';
    const generation = ++this.searchGeneration;
    this.searchTimer = setTimeout(async () => {
      try {
        const found = await search(query);
        if (generation === this.searchGeneration) this.#showSuggestions(Array.isArray(found) ? found.slice(0, 20) : [], query);
      } catch (error) {
        this.handlers.onError(error instanceof Error ? error.message : String(error), error);
      }
    }, SEARCH_DELAY_MS);
  }

  /** @param {Entity[]} entities @param {string} query */
  #showSuggestions(entities, query) {
    const options = entities.filter((entity) => typeof entity?.id === 'string' && typeof entity.title === 'string').map((entity, index) =>
      h('li', { role: 'option', id: `ck-mention-${index}`, class: 'ck-mention', 'aria-selected': String(index === 0),
        onmousedown: (event) => { event.preventDefault(); this.#choose(entity, query); } },
      entity.icon ? icon(entity.icon) : null, h('span', {}, entity.title), entity.group ? h('small', {}, entity.group) : null));
    this.suggestions.replaceChildren(...(options.length ? options : [h('li', { class: 'ck-mention-empty' }, this.t('noMatches'))]));
    this.suggestions.setAttribute('aria-label', this.t('suggestions'));
    this.suggestionEntities = entities;
    this.suggestionQuery = query;
    this.suggestions.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    if (options.length) this.input.setAttribute('aria-activedescendant', 'ck-mention-0');
  }

  #closeSuggestions() {
    this.suggestions.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  /** @param {KeyboardEvent} event @returns {boolean} whether the key was the list's */
  #navigateSuggestions(event) {
    const options = [...this.suggestions.querySelectorAll('[role=option]')];
    const current = options.findIndex((option) => option.getAttribute('aria-selected') === 'true');
    if (event.key === 'Escape') {
      this.#closeSuggestions();
    } else if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && options.length) {
      const next = (current + (event.key === 'ArrowDown' ? 1 : -1) + options.length) % options.length;
      options.forEach((option, index) => option.setAttribute('aria-selected', String(index === next)));
      this.input.setAttribute('aria-activedescendant', options[next]?.id ?? '');
    } else if ((event.key === 'Enter' || event.key === 'Tab') && current >= 0) {
      const entity = this.suggestionEntities?.[current];
      if (entity) this.#choose(entity, this.suggestionQuery ?? '');
    } else {
      return false;
    }
    event.preventDefault();
    return true;
  }

  /** @param {Entity} entity @param {string} query */
  #choose(entity, query) {
    const caret = this.input.selectionStart;
    const before = this.input.value.slice(0, caret - query.length - 1);
    const after = this.input.value.slice(caret);
    const token = `@${entity.title}`;
    this.input.value = `${before}${token} ${after}`;
    const at = before.length + token.length + 1;
    this.input.setSelectionRange(at, at);
    this.tags.push(entity);
    this.#closeSuggestions();
    this.#fit();
  }

  // ---- State -------------------------------------------------------------------------------

  /**
   * Swaps send and stop; `canStop` is the stream's allow_cancel.
   * @param {boolean} streaming @param {boolean} [canStop]
   */
  setStreaming(streaming, canStop = true) {
    this.streaming = streaming;
    this.sendButton.hidden = streaming;
    this.stopButton.hidden = !streaming || !canStop;
    const active = /** @type {ShadowRoot | Document} */ (this.form.getRootNode()).activeElement;
    if (active === this.sendButton || active === this.stopButton) (streaming && canStop ? this.stopButton : this.input).focus();
  }

  /**
   * Locked threads keep the composer but disable it, with the reason as placeholder.
   * @param {string | null | undefined} reason null: unlocked
   */
  setLocked(reason) {
    this.lockedReason = reason ?? null;
    this.input.disabled = reason != null;
    this.sendButton.disabled = reason != null;
    this.#placeholder();
  }

  focus() {
    this.input.focus();
  }
}

/**
 * The text as segments: each chosen entity's "@Title" (first occurrence after the previous one)
 * becomes an input_tag; the rest stays input_text.
 * @param {string} text @param {Entity[]} tags
 * @returns {UserMessageContent[]}
 */
export function splitTags(text, tags) {
  /** @type {UserMessageContent[]} */
  const parts = [];
  let rest = text;
  for (const tag of tags) {
    const token = `@${tag.title}`;
    const at = rest.indexOf(token);
    if (at < 0) continue;  // deleted from the text since it was chosen
    if (at > 0) parts.push({ type: 'input_text', text: rest.slice(0, at) });
    /** @type {Extract<UserMessageContent, { type: 'input_tag' }>} */
    const segment = { type: 'input_tag', id: tag.id, text: tag.title };
    if (tag.group) segment.group = tag.group;
    if (tag.data) segment.data = tag.data;
    if (tag.interactive !== undefined) segment.interactive = tag.interactive;
    parts.push(segment);
    rest = rest.slice(at + token.length);
  }
  if (rest || parts.length === 0) parts.push({ type: 'input_text', text: rest });
  return parts;
}
