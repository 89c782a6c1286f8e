// The message box: Enter sends, Shift+Enter adds a line; while an answer streams, the send button
// becomes a stop button.
import { find } from './dom.js';

export class Composer {
  /**
   * @param {HTMLFormElement} form containing textarea[name=message], button.ck-send and button.ck-stop
   * @param {{ onSend: (text: string) => boolean | void, onStop: () => void }} handlers
   *   onSend returns false when it could not take the message (the text then stays).
   */
  constructor(form, handlers) {
    this.form = form;
    this.input = find(form, 'textarea', HTMLTextAreaElement);
    this.sendButton = find(form, '.ck-send', HTMLButtonElement);
    this.stopButton = find(form, '.ck-stop', HTMLButtonElement);
    this.handlers = handlers;
    this.streaming = false;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#send();
    });
    this.input.addEventListener('keydown', (event) => {
      // isComposing: Enter that confirms an IME composition is not a send.
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.#send();
      }
    });
    this.input.addEventListener('input', () => this.#fit());
    this.stopButton.addEventListener('click', () => handlers.onStop());
  }

  #send() {
    const text = this.input.value.trim();
    if (!text || this.streaming || this.input.disabled) return;
    if (this.handlers.onSend(text) === false) return;
    this.input.value = '';
    this.#fit();
  }

  // Grows with its content up to the CSS max-height.
  #fit() {
    this.input.style.height = 'auto';
    this.input.style.height = `${this.input.scrollHeight}px`;
  }

  /**
   * Swaps send and stop; `canStop` is the stream's allow_cancel.
   * @param {boolean} streaming @param {boolean} [canStop]
   */
  setStreaming(streaming, canStop = true) {
    this.streaming = streaming;
    this.sendButton.hidden = streaming;
    this.stopButton.hidden = !streaming || !canStop;
    const hadFocus = document.activeElement === this.sendButton || document.activeElement === this.stopButton;
    if (hadFocus) (streaming && canStop ? this.stopButton : this.input).focus();
  }

  /**
   * Locked threads keep the composer but disable it, with the reason as placeholder.
   * @param {string | null | undefined} reason null: unlocked
   */
  setLocked(reason) {
    this.input.disabled = reason != null;
    this.sendButton.disabled = reason != null;
    this.input.placeholder = reason ?? 'Message';
  }

  focus() {
    this.input.focus();
  }
}
