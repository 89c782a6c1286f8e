// The entities of sent messages (ChatKitOptions.entities): a rendered input_tag
// (span.ck-tag[data-ck-tag], from the core's renderer) is clicked → onClick(entity); hovered →
// onRequestPreview(entity), whose widget the core renders (and sanitises) beside the tag.
import { h } from './dom.js';
import { build } from './vdom.js';

/** @typedef {import('@openai/chatkit').Entity} Entity */
/** @typedef {import('@openai/chatkit').EntitiesOption} EntitiesOption */
/** @import { ChatKitCore, ThreadView } from './chatkit.mjs' */
/** @import { Widget } from './chatkit.d.ts' */

const TAG = '.ck-tag[data-ck-tag]';

/** @param {EventTarget | null} target */
const tagOf = (target) => (target instanceof Element ? target.closest(TAG) : null);

/**
 * The entity a rendered tag stands for, from its message as the thread view holds it.
 * @param {Element} tag @param {ThreadView | null | undefined} view
 * @returns {Entity | null}
 */
export function entityOf(tag, view) {
  const itemId = tag.closest('[data-ck-item]')?.getAttribute('data-ck-item');
  const item = itemId && view ? view.item(itemId) : null;
  if (!item || item.type !== 'user_message') return null;
  const id = tag.getAttribute('data-ck-tag');
  const part = item.content.find((each) => each.type === 'input_tag' && each.id === id);
  if (!part) return null;
  /** @type {Entity} */
  const entity = { id: String(part.id), title: String(part.text ?? '') };
  if (typeof part.group === 'string') entity.group = part.group;
  if (part.data && typeof part.data === 'object' && !Array.isArray(part.data)) entity.data = /** @type {Record<string, string>} */ (part.data);
  if (typeof part.interactive === 'boolean') entity.interactive = part.interactive;
  return entity;
}

/**
 * Listens on the message list for clicks on and hovers over tags.
 * @param {HTMLElement} list
 * @param {{ options: () => EntitiesOption | undefined, view: () => ThreadView | null | undefined,
 *   core: () => ChatKitCore | null, onError: (error: unknown) => void }} host
 */
export function listenForEntities(list, host) {
  /** @type {WeakSet<Element>} tags whose preview was asked for */
  const previewed = new WeakSet();

  list.addEventListener('click', (event) => {
    const onClick = host.options()?.onClick;
    const tag = tagOf(event.target);
    const entity = onClick && tag ? entityOf(tag, host.view()) : null;
    if (!entity || !onClick) return;
    try {
      onClick(entity);
    } catch (error) {
      host.onError(error);
    }
  });

  list.addEventListener('mouseover', async (event) => {
    const onRequestPreview = host.options()?.onRequestPreview;
    const tag = tagOf(event.target);
    if (!onRequestPreview || !tag || previewed.has(tag)) return;
    previewed.add(tag);
    const entity = entityOf(tag, host.view());
    if (!entity) return;
    try {
      const { preview } = await onRequestPreview(entity);
      const core = host.core();
      if (!preview || !core) return;
      const node = core.renderWidget(/** @type {Widget} */ (/** @type {unknown} */ (preview)), `preview-${entity.id}`);
      const box = h('div', { class: 'ck-entity-preview', role: 'tooltip' }, build(node));
      tag.after(box);
      tag.addEventListener('mouseleave', () => { box.remove(); previewed.delete(tag); }, { once: true });
    } catch (error) {
      previewed.delete(tag);
      host.onError(error);
    }
  });
}
