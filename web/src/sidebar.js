// The chat list as a drawer on narrow screens: a menu button opens it, Escape or a choice closes it.

/**
 * @param {HTMLElement} sidebar @param {HTMLElement} menuButton
 * @returns {{ close: () => void }}
 */
export function setupSidebar(sidebar, menuButton) {
  const narrow = window.matchMedia('(max-width: 720px)');
  /** @param {boolean} open */
  const setOpen = (open) => {
    sidebar.classList.toggle('ck-open', open);
    menuButton.setAttribute('aria-expanded', String(open));
    // Off-screen on a phone: out of the tab order and the accessibility tree until opened.
    sidebar.inert = narrow.matches && !open;
  };
  menuButton.addEventListener('click', () => {
    const open = !sidebar.classList.contains('ck-open');
    setOpen(open);
    if (open) sidebar.querySelector('button')?.focus();
  });
  sidebar.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && narrow.matches) {
      setOpen(false);
      menuButton.focus();
    }
  });
  narrow.addEventListener('change', () => setOpen(false));
  setOpen(false);
  return { close: () => { if (narrow.matches) setOpen(false); } };
}
