// Keeps the message pane pinned to the newest text while it streams, unless the reader scrolled up.

const SLACK_PX = 48;  // "at the bottom" tolerates a partly visible last line

/**
 * Follows content growth in `scroller` while the user is at its bottom.
 * @param {Element} scroller
 */
export function followBottom(scroller) {
  let pinned = true;
  const atBottom = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= SLACK_PX;
  scroller.addEventListener('scroll', () => { pinned = atBottom(); }, { passive: true });
  new MutationObserver(() => {
    if (pinned) scroller.scrollTop = scroller.scrollHeight;
  }).observe(scroller, { childList: true, subtree: true, characterData: true });
  return {
    /** Jump to the newest message (a thread was opened, or the user sent something). */
    toBottom() {
      pinned = true;
      scroller.scrollTop = scroller.scrollHeight;
    },
  };
}
