// Voice into the composer (ChatKitOptions.composer.dictation): the microphone button records with
// MediaRecorder until pressed again, sends the recording as input.transcribe, and hands the text
// back to the composer. Nothing is recorded before the button is pressed, and the microphone is
// released as soon as the recording stops.
import { h } from './dom.js';
import { icon } from './icons.js';

/** @typedef {import('./strings.js').Translate} Translate */
/** @typedef {import('./api.js').ChatKitApi} ChatKitApi */

const MAX_SECONDS = 120;  // a dictated message, not a meeting: the recording stops by itself

/** @param {Blob} blob @returns {Promise<string>} the bytes as base64 */
async function base64Of(blob) {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export class Dictation {
  /**
   * @param {{ api: () => ChatKitApi | null, t: () => Translate, onText: (text: string) => void,
   *   onError: (message: string, error?: unknown) => void, onStatus: (text: string) => void }} host
   */
  constructor(host) {
    this.host = host;
    this.enabled = false;
    /** @type {MediaRecorder | null} */
    this.recorder = null;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.timer = undefined;
    this.button = h('button', { type: 'button', class: 'ck-icon-button ck-dictate', hidden: true, 'aria-pressed': 'false',
      onclick: () => (this.recorder ? this.stop() : this.start()) }, icon('mic'));
  }

  /** @param {{ enabled: boolean } | undefined} options */
  configure(options) {
    const t = this.host.t();
    this.enabled = options?.enabled === true && typeof MediaRecorder !== 'undefined' && Boolean(navigator.mediaDevices?.getUserMedia);
    this.button.hidden = !this.enabled;
    this.#label(t);
    if (!this.enabled) this.stop();
  }

  /** @param {Translate} t */
  #label(t) {
    const label = t(this.recorder ? 'stopDictation' : 'dictate');
    this.button.setAttribute('aria-label', label);
    this.button.title = label;
    this.button.setAttribute('aria-pressed', String(this.recorder !== null));
  }

  async start() {
    if (!this.enabled || this.recorder) return;
    const t = this.host.t();
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      this.host.onError(t('microphoneRefused'), error);
      return;
    }
    /** @type {Blob[]} */
    const chunks = [];
    const recorder = new MediaRecorder(stream);
    recorder.addEventListener('dataavailable', (event) => { if (event.data.size) chunks.push(event.data); });
    recorder.addEventListener('stop', () => {
      for (const track of stream.getTracks()) track.stop();
      this.#transcribe(new Blob(chunks, { type: recorder.mimeType || 'audio/webm' }));
    }, { once: true });
    this.recorder = recorder;
    recorder.start();
    this.timer = setTimeout(() => this.stop(), MAX_SECONDS * 1000);
    this.#label(t);
    this.host.onStatus(t('listening'));
  }

  stop() {
    clearTimeout(this.timer);
    const recorder = this.recorder;
    this.recorder = null;
    if (recorder && recorder.state !== 'inactive') recorder.stop();
    this.#label(this.host.t());
  }

  /** @param {Blob} audio */
  async #transcribe(audio) {
    const t = this.host.t();
    const api = this.host.api();
    if (!api || audio.size === 0) return this.host.onStatus('');
    this.host.onStatus(t('transcribing'));
    this.button.disabled = true;
    try {
      const mime = audio.type.split(';')[0] || 'audio/webm';
      const { text } = await api.request('input.transcribe', { audio_base64: await base64Of(audio), mime_type: mime });
      if (typeof text === 'string' && text.trim()) this.host.onText(text.trim());
    } catch (error) {
      this.host.onError(error instanceof Error ? error.message : String(error), error);
    } finally {
      this.button.disabled = false;
      this.host.onStatus('');
    }
  }
}
