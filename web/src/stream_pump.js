// Moves one streaming response into the thread view: every byte chunk goes to the wasm core as it
// arrives, and the patch operations it produces are applied at once, so text appears word by word.

/** @import { ThreadView } from './chatkit.mjs' */
/** @import { PatchOp } from './chatkit.d.ts' */

/**
 * Resolves when the body ended (the view has seen every event). Rejects with the AbortError when
 * the request was stopped, or with the core's ChatKitError for a malformed stream.
 * @param {Response} response @param {ThreadView} view @param {{ apply: (ops: PatchOp[]) => void }} patcher
 */
export async function pumpStream(response, view, patcher) {
  if (!response.body) throw new TypeError('the streaming response has no body');
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      view.feed(value);
      patcher.apply(view.takePatches());
    }
    view.finish();
  } finally {
    // Apply what the core produced before a failure; nothing is lost from the screen.
    patcher.apply(view.takePatches());
    reader.releaseLock();
  }
}
