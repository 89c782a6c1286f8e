// The one place that talks HTTP to the ChatKit endpoint: JSON requests return the parsed body,
// streaming requests return the response whose body the thread view decodes.

/** @import { ActionConfig, Json, Page, Thread, ThreadItem } from './chatkit.d.ts' */
/** @typedef {Pick<ActionConfig, 'type' | 'payload'>} Action */
/** @typedef {{ thread_id: string, item_id: string, action: Action }} ActionParams */
/** @typedef {import('@openai/chatkit').UserMessageContent} UserMessageContent */
/** @typedef {{ content: UserMessageContent[], attachments: string[], quoted_text?: string, inference_options: { tool_choice?: { id: string }, model?: string } }} UserMessageInput */
/** @typedef {{ limit?: number, order?: 'asc' | 'desc', after?: string }} PageParams */
/**
 * An attachment record as the server answers it (docs/PROTOCOL.md §3.6).
 * @typedef {{ id: string, type: 'file' | 'image', name: string, mime_type: string, preview_url?: string,
 *   upload_descriptor?: { url: string, method: 'POST' | 'PUT', headers?: Record<string, string> } | null, thread_id?: string }} Attachment
 */
/**
 * The JSON requests the app sends (docs/PROTOCOL.md §2.0): their params and what they answer.
 * @typedef {{
 *   'threads.get_by_id': [{ thread_id: string }, Thread],
 *   'threads.list': [PageParams, Page<Thread>],
 *   'threads.update': [{ thread_id: string, title: string }, Thread],
 *   'threads.delete': [{ thread_id: string }, {}],
 *   'items.list': [PageParams & { thread_id: string }, Page<ThreadItem>],
 *   'items.feedback': [{ thread_id: string, item_ids: string[], kind: 'positive' | 'negative' }, {}],
 *   'threads.sync_custom_action': [ActionParams, { updated_item?: ThreadItem }],
 *   'attachments.create': [{ name: string, size: number, mime_type: string }, Attachment],
 *   'attachments.delete': [{ attachment_id: string }, {}],
 *   'input.transcribe': [{ audio_base64: string, mime_type: string }, { text: string }],
 * }} JsonRequests
 */
/**
 * The streaming requests the app sends, with their params.
 * @typedef {{
 *   'threads.create': { input: UserMessageInput },
 *   'threads.add_user_message': { thread_id: string, input: UserMessageInput },
 *   'threads.retry_after_item': { thread_id: string, item_id: string },
 *   'threads.custom_action': { thread_id: string, item_id?: string, action: Action },
 *   'threads.add_client_tool_output': { thread_id: string, result: Json },
 *   'threads.add_structured_input': { thread_id: string, item_id: string, input: { status: 'answered' | 'skipped', answers: Record<string, { values: string[], skipped: boolean }> } },
 * }} StreamRequests
 */

/**
 * Whether `error` is how a stopped request fails (its AbortController's abort()): fetch() and
 * reading the body reject with this DOMException.
 * @param {unknown} error
 */
export const isAbortError = (error) => error instanceof DOMException && error.name === 'AbortError';

/** A request the server refused (its JSON error body), or a network failure (code 'network'). */
export class ApiError extends Error {
  /** @param {string} code @param {string} message @param {number} [status] the HTTP status, 0 without an answer */
  constructor(code, message, status = 0) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}

/** @param {Response} response */
async function failure(response) {
  /** @type {{ code?: string, message?: string }} */
  let error = {};
  try {
    error = (await response.json()).error ?? {};
  } catch {
    // not JSON (a proxy's page): the status says enough
  }
  return new ApiError(error.code ?? `http_${response.status}`, error.message ?? response.statusText, response.status);
}

export class ChatKitApi {
  /**
   * @param {string} url the endpoint, e.g. https://host/chatkit
   * @param {typeof fetch} [fetchImpl] the app's fetch (ChatKitOptions.api.fetch: how it adds its
   *   auth headers), used for every request; the browser's by default
   */
  constructor(url, fetchImpl) {
    this.url = url;
    /** @type {typeof fetch} */
    this.fetch = fetch;
    this.setFetch(fetchImpl);
  }

  /** @param {typeof fetch | undefined} fetchImpl the app's fetch, or undefined for the browser's */
  setFetch(fetchImpl) {
    this.fetch = fetchImpl ?? ((input, init) => fetch(input, init));
  }

  /** @param {string} type @param {object} params @param {AbortSignal} [signal] */
  async #post(type, params, signal) {
    let response;
    try {
      const send = this.fetch;  // called unbound: the app's function, or the wrapper above
      response = await send(this.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ type, params }),
        signal,
      });
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new ApiError('network', 'The server cannot be reached.');
    }
    if (!response.ok) throw await failure(response);
    return response;
  }

  /**
   * Sends a file's bytes through the app's fetch; resolves to the response. `raw`: the body is the
   * bytes with the descriptor's headers (its Content-Type); otherwise multipart/form-data with the
   * file in the field `file`, as the direct endpoint takes it.
   * @param {string} url @param {'POST' | 'PUT'} method @param {Record<string, string>} headers @param {File} file
   * @param {boolean} raw
   */
  async #sendFile(url, method, headers, file, raw) {
    let body = /** @type {BodyInit} */ (file);
    if (!raw) {
      const form = new FormData();
      form.append('file', file, file.name);
      body = form;
    }
    let response;
    try {
      const send = this.fetch;
      response = await send(new URL(url, this.url).href, { method, headers, body });
    } catch {
      throw new ApiError('network', 'The server cannot be reached.');
    }
    if (!response.ok) throw await failure(response);
    return response;
  }

  /**
   * uploadStrategy two_phase: attachments.create, then the bytes to its upload_descriptor (as it
   * says: its method, its headers, the raw bytes).
   * @param {File} file @returns {Promise<Attachment>}
   */
  async uploadTwoPhase(file) {
    const attachment = await this.request('attachments.create', { name: file.name, size: file.size, mime_type: file.type || 'application/octet-stream' });
    const descriptor = attachment.upload_descriptor;
    if (!descriptor) return attachment;  // nothing to upload (the server has the bytes)
    const method = descriptor.method === 'POST' ? 'POST' : 'PUT';
    const response = await this.#sendFile(descriptor.url, method, descriptor.headers ?? {}, file, true);
    // The upload endpoint answers the completed record; otherwise the first one, uploaded.
    try {
      const completed = await response.json();
      if (completed && typeof completed === 'object' && completed.id === attachment.id) return completed;
    } catch {
      // no JSON body
    }
    return { ...attachment, upload_descriptor: null };
  }

  /**
   * uploadStrategy direct: one multipart POST to the upload URL, answered with the record.
   * @param {string} uploadUrl @param {File} file @returns {Promise<Attachment>}
   */
  async uploadDirect(uploadUrl, file) {
    return (await this.#sendFile(uploadUrl, 'POST', {}, file, false)).json();
  }

  /**
   * A non-streaming request: resolves to the response body's JSON.
   * @template {keyof JsonRequests} T
   * @param {T} type @param {JsonRequests[T][0]} params
   * @returns {Promise<JsonRequests[T][1]>}
   */
  async request(type, params) {
    return (await this.#post(type, params)).json();
  }

  /**
   * The URL of a run's route (docs/PROTOCOL.md §4.7): the endpoint's path + /runs/RUN/ACTION.
   * @param {string} runId @param {'events' | 'cancel'} action
   */
  #runUrl(runId, action) {
    const url = new URL(this.url, location.href);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/runs/${encodeURIComponent(runId)}/${action}`;
    url.search = '';
    return url;
  }

  /**
   * Reattaches to a run: resolves to the response whose body is its events after event `after`
   * (then the live ones). Rejects with ApiError not_found when the run is no longer known.
   * @param {string} runId @param {number} after @param {AbortSignal} signal
   * @returns {Promise<Response>}
   */
  async runEvents(runId, after, signal) {
    const url = this.#runUrl(runId, 'events');
    url.searchParams.set('after', String(after));  // a query, not Last-Event-ID: no CORS preflight for it
    let response;
    try {
      const send = this.fetch;
      response = await send(url.href, { method: 'GET', signal });
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new ApiError('network', 'The server cannot be reached.');
    }
    if (!response.ok) throw await failure(response);
    return response;
  }

  /**
   * Stops a run wherever it runs; resolves once the server answered (the partial answer is kept).
   * @param {string} runId
   */
  async cancelRun(runId) {
    const send = this.fetch;
    const response = await send(this.#runUrl(runId, 'cancel').href, { method: 'POST' });
    if (!response.ok) throw await failure(response);
    return response.json();
  }

  /**
   * A streaming request: resolves to the response, whose body is the SSE byte stream. A thread
   * still finishing its previous answer (thread_busy: the stop button was pressed a moment ago,
   * and the server is still saving what was written) is asked again for about a second and a half;
   * a refused request wrote nothing, so asking again is safe.
   * @template {keyof StreamRequests} T
   * @param {T} type @param {StreamRequests[T]} params @param {AbortSignal} signal
   * @returns {Promise<Response>}
   */
  async stream(type, params, signal) {
    for (let delay = 50; ; delay *= 2) {
      try {
        return await this.#post(type, params, signal);
      } catch (error) {
        if (!(error instanceof ApiError) || error.code !== 'thread_busy' || delay > 800 || signal?.aborted) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}
