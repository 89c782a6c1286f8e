// Keeps the message pane pinned to the newest text while it streams (ChatKitOptions.thread.autoScroll),
// unless the reader scrolled up. Opening a chat or sending a message always goes to the bottom.

const SLACK_PX = 48;  // "at the bottom" tolerates a partly visible last line

/**
 * Follows content growth in `scroller` while the user is at its bottom and following is on.
 * @param {Element} scroller
 */
export function followBottom(scroller) {
  let pinned = true;
  let follow = false;
  const atBottom = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= SLACK_PX;
  scroller.addEventListener('scroll', () => { pinned = atBottom(); }, { passive: true });
  new MutationObserver(() => {
    if (follow && pinned) scroller.scrollTop = scroller.scrollHeight;
  }).observe(scroller, { childList: true, subtree: true, characterData: true });
  return {
    /** Jump to the newest message (a thread was opened, or the user sent something). */
    toBottom() {
      pinned = true;
      scroller.scrollTop = scroller.scrollHeight;
    },
    /** @param {boolean} enabled whether growth is followed */
    setFollow(enabled) {
      follow = enabled;
    },
  };
}
