// The one place that talks HTTP to the ChatKit endpoint: JSON requests return the parsed body,
// streaming requests return the response whose body the thread view decodes.

/** A request the server refused (its JSON error body), or a network failure (code 'network'). */
export class ApiError extends Error {
  constructor(code, message, status = 0) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}

async function failure(response) {
  let error = {};
  try {
    error = (await response.json()).error ?? {};
  } catch {
    // not JSON (a proxy's page): the status says enough
  }
  return new ApiError(error.code ?? `http_${response.status}`, error.message ?? response.statusText, response.status);
}

export class ChatKitApi {
  /** @param {string} url the endpoint, e.g. https://host/chatkit */
  constructor(url) {
    this.url = url;
  }

  async #post(type, params, signal) {
    let response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ type, params }),
        signal,
      });
    } catch (error) {
      if (error.name === 'AbortError') throw error;
      throw new ApiError('network', 'The server cannot be reached.');
    }
    if (!response.ok) throw await failure(response);
    return response;
  }

  /** A non-streaming request: resolves to the response body's JSON. */
  async request(type, params) {
    return (await this.#post(type, params)).json();
  }

  /** A streaming request: resolves to the response, whose body is the SSE byte stream. */
  stream(type, params, signal) {
    return this.#post(type, params, signal);
  }
}
