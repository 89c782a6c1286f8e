// The composer's attachments (ChatKitOptions.composer.attachments): files chosen with the paper
// clip, dropped or pasted are checked against maxCount, maxSize (one limit, or per MIME pattern)
// and accept first, then uploaded at once (api.uploadStrategy: two-phase or direct, through the
// app's fetch), shown as chips with a preview, a progress bar and a remove button. The message
// carries the ids of the uploaded ones.
import { h } from './dom.js';
import { icon } from './icons.js';

/** @typedef {import('@openai/chatkit').ComposerOption['attachments']} AttachmentOptions */
/** @typedef {import('@openai/chatkit').FileUploadStrategy} FileUploadStrategy */
/** @typedef {import('./strings.js').Translate} Translate */
/** @typedef {import('./api.js').ChatKitApi} ChatKitApi */
/** @typedef {import('./api.js').Attachment} Attachment */
/**
 * @typedef {{ file: File, chip: HTMLElement, attachment: Attachment | null, uploading: Promise<void>,
 *   failed: boolean }} Entry
 */

const DEFAULT_MAX_SIZE = 100 * 1024 * 1024;  // the reference's default
const DEFAULT_MAX_COUNT = 10;
const PREVIEW_LIMIT = 4 * 1024 * 1024;  // local previews (data: URLs) only for images up to this size

/** @param {string} mime @param {string} pattern "image/png", "image/*", "*" or "" */
function mimeMatches(mime, pattern) {
  if (pattern === '*' || pattern === '' || pattern === '*/*') return true;
  if (pattern.endsWith('/*')) return mime.startsWith(pattern.slice(0, -1));
  return mime === pattern.toLowerCase();
}

/**
 * The size limit for a file of `mime`: an exact type first, then a wildcard, then "*" or "".
 * @param {number | Record<string, number> | undefined} maxSize @param {string} mime
 */
export function sizeLimitFor(maxSize, mime) {
  if (typeof maxSize === 'number') return maxSize;
  if (!maxSize || typeof maxSize !== 'object') return DEFAULT_MAX_SIZE;
  const entries = Object.entries(maxSize).filter(([, limit]) => typeof limit === 'number');
  const exact = entries.find(([pattern]) => pattern.toLowerCase() === mime);
  const wildcard = entries.find(([pattern]) => pattern.endsWith('/*') && mimeMatches(mime, pattern.toLowerCase()));
  const fallback = entries.find(([pattern]) => pattern === '*' || pattern === '');
  return (exact ?? wildcard ?? fallback)?.[1] ?? DEFAULT_MAX_SIZE;
}

/**
 * Whether `accept` ({ "image/*": [".png"], … }) takes the file: its type matches a key, or its
 * extension is in a list. No accept: everything.
 * @param {Record<string, string[]> | undefined} accept @param {File} file
 */
export function accepted(accept, file) {
  if (!accept || typeof accept !== 'object' || Object.keys(accept).length === 0) return true;
  const mime = (file.type || '').toLowerCase();
  const dot = file.name.lastIndexOf('.');
  const extension = dot >= 0 ? file.name.slice(dot).toLowerCase() : '';
  return Object.entries(accept).some(([pattern, extensions]) => (mime && mimeMatches(mime, pattern.toLowerCase()))
    || (Array.isArray(extensions) && extensions.some((ext) => String(ext).toLowerCase() === extension)));
}

/** @param {number} bytes */
export function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export class AttachmentTray {
  /**
   * @param {{ api: () => ChatKitApi | null, strategy: () => FileUploadStrategy | undefined, t: () => Translate,
   *   onError: (message: string, error?: unknown) => void, onChange: () => void }} host
   */
  constructor(host) {
    this.host = host;
    /** @type {AttachmentOptions} */
    this.options = undefined;
    /** @type {Entry[]} */
    this.entries = [];
    this.list = h('ul', { class: 'ck-attachment-tray', role: 'list', hidden: true });
    this.picker = h('input', { type: 'file', multiple: true, hidden: true });  // opened by the paper clip
    this.button = h('button', { type: 'button', class: 'ck-icon-button ck-attach', hidden: true, onclick: () => this.picker.click() }, icon('paperclip'));
    this.picker.addEventListener('change', () => {
      if (this.picker.files) this.add([...this.picker.files]);
      this.picker.value = '';
    });
  }

  get enabled() {
    return this.options?.enabled === true;
  }

  /** @param {AttachmentOptions} options */
  configure(options) {
    this.options = options;
    const t = this.host.t();
    this.button.hidden = !this.enabled;
    this.button.setAttribute('aria-label', t('attach'));
    this.button.title = t('attach');
    const accept = options?.accept;
    if (accept && typeof accept === 'object') {
      this.picker.accept = Object.entries(accept).flatMap(([pattern, extensions]) => [pattern, ...(Array.isArray(extensions) ? extensions : [])]).join(',');
    } else {
      this.picker.removeAttribute('accept');
    }
  }

  /**
   * Checks and uploads files; a refused one is reported by name and reason, the others go on.
   * @param {File[]} files
   */
  add(files) {
    if (!this.enabled) return;
    const t = this.host.t();
    const maxCount = typeof this.options?.maxCount === 'number' ? this.options.maxCount : DEFAULT_MAX_COUNT;
    for (const file of files) {
      const mime = (file.type || 'application/octet-stream').toLowerCase();
      const limit = sizeLimitFor(this.options?.maxSize, mime);
      if (this.entries.length >= maxCount) {
        this.host.onError(t('tooManyFiles', { count: String(maxCount) }));
        break;
      }
      if (!accepted(this.options?.accept, file)) {
        this.host.onError(t('fileTypeRefused', { name: file.name, type: file.type || '?' }));
        continue;
      }
      if (file.size > limit) {
        this.host.onError(t('fileTooLarge', { name: file.name, size: formatSize(file.size), limit: formatSize(limit) }));
        continue;
      }
      this.#upload(file);
    }
  }

  /** @param {File} file */
  #upload(file) {
    const t = this.host.t();
    const progress = h('progress', { class: 'ck-upload-progress', 'aria-label': t('uploading', { name: file.name }) });
    const remove = h('button', { type: 'button', class: 'ck-icon-button ck-attachment-remove', 'aria-label': t('removeFile', { name: file.name }),
      title: t('remove') }, icon('close'));
    const preview = h('span', { class: 'ck-attachment-thumb' }, icon(file.type.startsWith('image/') ? 'square-image' : 'document'));
    const chip = h('li', { class: 'ck-attachment-chip', 'aria-busy': 'true' }, preview,
      h('span', { class: 'ck-attachment-name' }, file.name), h('small', {}, formatSize(file.size)), progress, remove);
    /** @type {Entry} */
    const entry = { file, chip, attachment: null, uploading: Promise.resolve(), failed: false };
    remove.addEventListener('click', () => this.#remove(entry));
    if (file.type.startsWith('image/') && file.size <= PREVIEW_LIMIT) this.#localPreview(file, preview);
    entry.uploading = this.#send(file).then((attachment) => {
      entry.attachment = attachment;
      chip.removeAttribute('aria-busy');
      progress.remove();
      chip.dataset.attachment = attachment.id;
    }, (error) => {
      entry.failed = true;
      this.host.onError(t('uploadFailed', { name: file.name, reason: error instanceof Error ? error.message : String(error) }), error);
      this.#drop(entry);
    }).finally(() => this.host.onChange());
    this.entries.push(entry);
    this.list.append(chip);
    this.list.hidden = false;
    this.host.onChange();
  }

  // A picture of an image before (and while) it uploads: a data: URL, which every CSP we ship allows.
  /** @param {File} file @param {HTMLElement} box */
  #localPreview(file, box) {
    const reader = new FileReader();
    reader.onload = () => {
      if (typeof reader.result === 'string' && reader.result.startsWith('data:image/')) {
        box.replaceChildren(h('img', { src: reader.result, alt: '' }));
      }
    };
    reader.readAsDataURL(file);
  }

  /** @param {File} file @returns {Promise<Attachment>} */
  async #send(file) {
    const api = this.host.api();
    if (!api) throw new Error('the chat is not ready');
    const strategy = this.host.strategy();
    if (strategy?.type === 'direct') return api.uploadDirect(strategy.uploadUrl, file);
    return api.uploadTwoPhase(file);
  }

  /**
   * An attachment the app uploaded itself (setComposerValue's attachments): shown, sent as it is.
   * @param {Attachment} attachment
   */
  addUploaded(attachment) {
    if (!attachment || typeof attachment.id !== 'string') return;
    const t = this.host.t();
    const name = String(attachment.name ?? attachment.id);
    const remove = h('button', { type: 'button', class: 'ck-icon-button ck-attachment-remove', 'aria-label': t('removeFile', { name }),
      title: t('remove') }, icon('close'));
    const thumb = attachment.type === 'image' && attachment.preview_url && /^https?:|^data:image\//.test(attachment.preview_url)
      ? h('img', { src: attachment.preview_url, alt: '' }) : icon(attachment.type === 'image' ? 'square-image' : 'document');
    const chip = h('li', { class: 'ck-attachment-chip', 'data-attachment': attachment.id },
      h('span', { class: 'ck-attachment-thumb' }, thumb), h('span', { class: 'ck-attachment-name' }, name), remove);
    /** @type {Entry} */
    const entry = { file: new File([], name), chip, attachment, uploading: Promise.resolve(), failed: false };
    remove.addEventListener('click', () => this.#drop(entry));  // the app's upload: the app deletes it
    this.entries.push(entry);
    this.list.append(chip);
    this.list.hidden = false;
    this.host.onChange();
  }

  /** @param {Entry} entry */
  async #remove(entry) {
    this.#drop(entry);
    await entry.uploading;
    if (entry.attachment) {
      try {
        await this.host.api()?.request('attachments.delete', { attachment_id: entry.attachment.id });
      } catch (error) {
        this.host.onError(error instanceof Error ? error.message : String(error), error);
      }
    }
  }

  /** @param {Entry} entry */
  #drop(entry) {
    entry.chip.remove();
    this.entries = this.entries.filter((each) => each !== entry);
    this.list.hidden = this.entries.length === 0;
    this.host.onChange();
  }

  /** Whether an upload is still running (the message waits for it). */
  get busy() {
    return this.entries.some((entry) => !entry.attachment && !entry.failed);
  }

  /** The uploaded attachments, in the order they were added. */
  attachments() {
    return this.entries.flatMap((entry) => (entry.attachment ? [entry.attachment] : []));
  }

  /** Empties the tray (the message was sent: the attachments are the message's now). */
  clear() {
    this.entries = [];
    this.list.replaceChildren();
    this.list.hidden = true;
    this.host.onChange();
  }

  /**
   * Makes `target` take dropped files, and `input` pasted ones.
   * @param {HTMLElement} target @param {HTMLElement} input
   */
  listen(target, input) {
    target.addEventListener('dragover', (event) => {
      if (!this.enabled || !event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault();
      target.classList.add('ck-dropping');
    });
    target.addEventListener('dragleave', () => target.classList.remove('ck-dropping'));
    target.addEventListener('drop', (event) => {
      target.classList.remove('ck-dropping');
      if (!this.enabled || !event.dataTransfer?.files.length) return;
      event.preventDefault();
      this.add([...event.dataTransfer.files]);
    });
    input.addEventListener('paste', (event) => {
      const files = [...(event.clipboardData?.files ?? [])];
      if (!this.enabled || files.length === 0) return;
      event.preventDefault();
      this.add(files);
    });
  }
}
