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

  /**
   * A streaming request: resolves to the response, whose body is the SSE byte stream. A thread
   * still finishing its previous answer (thread_busy: the stop button was pressed a moment ago,
   * and the server is still saving what was written) is asked again for about a second and a half;
   * a refused request wrote nothing, so asking again is safe.
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
