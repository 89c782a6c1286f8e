// The DOM layer of web/ in Chromium, under the page's real CSP: VNodes become DOM without any HTML
// parsing and with unsafe attributes refused, patch ops apply by key, a replace keeps focus and
// typed text, form values follow docs/PROTOCOL.md §5.4, and loadingBehavior marks what it should.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assetPath, launchBrowser, openPage, startServer } from './harness.mjs';

let server;
let browser;
let page;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await openPage(browser, server);
  await page.goto(server.url + '/');
  // A clean stage in the app's own document (same CSP), with the modules under test loaded.
  await page.evaluate(async (paths) => {
    const [vdom, patcher, form, loading] = await Promise.all(paths.map((p) => import(p)));
    window.ck = { ...vdom, ...patcher, ...form, ...loading };
    document.body.replaceChildren();
  }, ['vdom.js', 'patcher.js', 'form_values.js', 'loading.js'].map(assetPath));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Runs `fn` in the page against a fresh <div id="stage">.
const inPage = (fn, arg) => page.evaluate(`(() => {
  document.body.replaceChildren(Object.assign(document.createElement('div'), { id: 'stage' }));
  return (${fn})(document.getElementById('stage'), ${JSON.stringify(arg ?? null)});
})()`);

describe('building VNodes', () => {
  test('markup in text stays text, and nothing runs', async () => {
    const result = await inPage((stage, xss) => {
      window.ran = false;
      stage.append(ck.build({ tag: 'p', children: [xss, { tag: 'span', children: ['<script>window.ran = true</script>'] }] }));
      return { text: stage.textContent, elements: stage.querySelectorAll('*').length };
    }, '<img src=x onerror="window.ran = true">');
    assert.equal(result.text, '<img src=x onerror="window.ran = true"><script>window.ran = true</script>');
    assert.equal(result.elements, 2);
    await page.waitForTimeout(50);
    assert.equal(await page.evaluate(() => window.ran), false);
  });

  test('event handlers, script elements and script URLs are refused', async () => {
    const result = await inPage((stage) => {
      const node = ck.build({ tag: 'div', children: [
        { tag: 'a', attrs: { href: ' JaVa\tScript:alert(1)', onclick: 'alert(1)', class: 'x' }, children: ['link'] },
        { tag: 'img', attrs: { src: 'data:text/html,<b>', onerror: 'alert(1)', alt: 'pic' } },
        { tag: 'img', attrs: { src: 'data:image/png;base64,iVBORw0KGgo=', alt: 'ok' } },
        { tag: 'script', children: ['alert(1)'] },
        { tag: 'iframe', attrs: { src: 'https://example.com' } },
        { tag: 'a', attrs: { href: 'https://example.com/a?b', target: '_blank', rel: 'noopener noreferrer' }, children: ['fine'] },
      ] });
      stage.append(node);
      const [bad, good] = stage.querySelectorAll('a');
      const [img, okImg] = stage.querySelectorAll('img');
      return {
        badHref: bad.getAttribute('href'), badClick: bad.getAttribute('onclick'), badClass: bad.className,
        imgSrc: img.getAttribute('src'), imgError: img.getAttribute('onerror'), okSrc: okImg.getAttribute('src'),
        scripts: stage.querySelectorAll('script, iframe').length, goodHref: good.getAttribute('href'),
      };
    });
    assert.deepEqual(result, {
      badHref: null, badClick: null, badClass: 'x', imgSrc: null, imgError: null,
      okSrc: 'data:image/png;base64,iVBORw0KGgo=', scripts: 0, goodHref: 'https://example.com/a?b',
    });
  });

  test('style goes through CSSOM (allowed by the CSP) and never loads URLs', async () => {
    const result = await inPage((stage) => {
      const a = ck.build({ tag: 'div', attrs: { style: 'color: rgb(1, 2, 3); padding: 4px' } });
      const b = ck.build({ tag: 'div', attrs: { style: 'background: url(https://example.com/x.png)' } });
      stage.append(a, b);
      return { color: getComputedStyle(a).color, padding: getComputedStyle(a).paddingTop, bg: b.style.cssText };
    });
    assert.deepEqual(result, { color: 'rgb(1, 2, 3)', padding: '4px', bg: '' });
  });
});

describe('patch operations', () => {
  const card = (checked, label) => ({
    tag: 'div', key: 'w1', attrs: { class: 'ck-item ck-item-widget', 'data-ck-item': 'w1' }, children: [
      { tag: 'input', key: 'w1/title', attrs: { type: 'text', name: 'title', value: 'draft' } },
      { tag: 'label', key: 'w1/row', children: [
        { tag: 'input', attrs: { type: 'checkbox', name: 'done', ...(checked ? { checked: '' } : {}) } }, label,
      ] },
    ],
  });

  test('insert, append_text, insert with parent, replace and remove, by key', async () => {
    const result = await inPage((stage, op) => {
      const p = new ck.Patcher(stage);
      p.apply([
        { op: 'insert', key: 'a', after: null, node: { tag: 'div', key: 'a', children: [{ tag: 'div', key: 'a#0', children: [{ tag: 'p', key: 'a#0.0', children: ['Hel'] }] }] } },
        { op: 'insert', key: 'u', after: null, node: { tag: 'div', key: 'u', children: ['question'] } },
        { op: 'append_text', key: 'a#0.0', text: 'lo' },
        { op: 'append_text', key: 'a#0.0', text: ' world' },
        { op: 'insert', key: 'a#0.1', parent: 'a#0', after: 'a#0.0', node: { tag: 'ul', key: 'a#0.1', children: [{ tag: 'li', children: ['one'] }] } },
        { op: 'insert', key: 'b', after: 'a', node: { tag: 'div', key: 'b', children: ['later'] } },
      ]);
      const order = [...stage.children].map((el) => el.getAttribute('data-ck-key'));
      const text = stage.textContent;
      p.apply([{ op: 'replace', key: 'a#0.0', node: { tag: 'p', key: 'a#0.0', children: ['Hello, ', { tag: 'strong', children: ['world'] }] } }]);
      const replaced = stage.querySelector('[data-ck-key="a#0.0"]').innerHTML;
      p.apply([{ op: 'remove', key: 'b' }, op]);
      return { order, text, replaced, after: [...stage.children].map((el) => el.getAttribute('data-ck-key')), known: p.get('b') === undefined };
    }, { op: 'append_text', key: 'b', text: 'ignored: unknown key' });
    assert.deepEqual(result.order, ['u', 'a', 'b']);
    assert.equal(result.text, 'questionHello worldonelater');
    assert.equal(result.replaced, 'Hello, <strong>world</strong>');
    assert.deepEqual(result.after, ['u', 'a']);
    assert.equal(result.known, true);
  });

  test('replacing a component keeps focus, caret and typed text of untouched inputs', async () => {
    const result = await inPage((stage, [before, afterNode]) => {
      const p = new ck.Patcher(stage);
      p.apply([{ op: 'insert', key: 'w1', after: null, node: before }]);
      const input = stage.querySelector('input[name="title"]');
      input.focus();
      input.value = 'typed by the user';
      input.setSelectionRange(5, 5);
      p.apply([{ op: 'replace', key: 'w1', node: afterNode }]);
      const now = stage.querySelector('input[name="title"]');
      return {
        same: now === input, focused: document.activeElement === input, value: now.value, caret: now.selectionStart,
        checked: stage.querySelector('input[type="checkbox"]').checked, label: stage.querySelector('label').textContent,
      };
    }, [card(false, 'milk'), card(true, 'milk (done)')]);
    assert.deepEqual(result, { same: true, focused: true, value: 'typed by the user', caret: 5, checked: true, label: 'milk (done)' });
  });

  test('a changed rendered value replaces the typed one; a ticked box follows the server', async () => {
    const result = await inPage((stage, nodes) => {
      const p = new ck.Patcher(stage);
      p.apply([{ op: 'insert', key: 'w1', after: null, node: nodes[0] }]);
      stage.querySelector('input[type="checkbox"]').checked = true;  // the user ticked it
      const renamed = structuredClone(nodes[0]);
      renamed.children[0].attrs.value = 'from the server';
      p.apply([{ op: 'replace', key: 'w1/title', node: renamed.children[0] }, { op: 'replace', key: 'w1/row', node: nodes[1].children[1] }]);
      return { value: stage.querySelector('input[name="title"]').value, checked: stage.querySelector('input[type="checkbox"]').checked };
    }, [card(false, 'milk'), card(false, 'milk')]);
    // The checkbox's rendered state did not change (unticked → unticked): the user's tick stays.
    assert.deepEqual(result, { value: 'from the server', checked: true });
  });
});

describe('form values (PROTOCOL.md §5.4)', () => {
  test('booleans, option values, dotted names nest, configured keys win', async () => {
    const result = await inPage((stage) => {
      stage.append(ck.build({ tag: 'form', attrs: { 'data-ck-form': '' }, children: [
        { tag: 'input', attrs: { type: 'text', name: 'todo.title', value: 'buy milk' } },
        { tag: 'input', attrs: { type: 'checkbox', name: 'todo.urgent', checked: '' } },
        { tag: 'input', attrs: { type: 'checkbox', name: 'notify' } },
        { tag: 'select', attrs: { name: 'list' }, children: [
          { tag: 'option', attrs: { value: 'home' }, children: ['Home'] },
          { tag: 'option', attrs: { value: 'work', selected: '' }, children: ['Work'] }] },
        { tag: 'input', attrs: { type: 'radio', name: 'size', value: 's' } },
        { tag: 'input', attrs: { type: 'radio', name: 'size', value: 'm', checked: '' } },
        { tag: 'input', attrs: { type: 'date', name: 'due' } },
        { tag: 'input', attrs: { type: 'text', name: 'kind', value: 'user' } },
        { tag: 'button', attrs: { type: 'submit' }, children: ['Add'] },
      ] }));
      const controls = ck.controlsFor(stage.querySelector('button'));
      return ck.mergeFormValues({ kind: 'fixed', todo: { id: 7 } }, controls);
    });
    assert.deepEqual(result, {
      payload: { kind: 'fixed', todo: { id: 7, title: 'buy milk', urgent: true }, notify: false, list: 'work', size: 'm' },
      dropped: ['kind'],
    });
  });

  test('a control outside any form carries its own value only', async () => {
    const result = await inPage((stage) => {
      stage.append(ck.build({ tag: 'div', children: [
        { tag: 'input', attrs: { type: 'checkbox', name: 'done', checked: '' } },
        { tag: 'input', attrs: { type: 'text', name: 'other', value: 'x' } }] }));
      const box = stage.querySelector('input[type="checkbox"]');
      return [ck.mergeFormValues({ todo_id: 3 }, ck.controlsFor(box)), ck.mergeFormValues(null, [])];
    });
    assert.deepEqual(result, [{ payload: { todo_id: 3, done: true }, dropped: [] }, { payload: null, dropped: [] }]);
  });
});

describe('loadingBehavior', () => {
  test('auto picks self for buttons, none for changes, container for submits; clearing restores', async () => {
    const result = await inPage((stage) => {
      stage.append(ck.build({ tag: 'div', key: 'w', children: [
        { tag: 'button', key: 'w/b', children: ['Go'] }, { tag: 'button', attrs: { disabled: '' }, children: ['Off'] },
        { tag: 'input', attrs: { type: 'checkbox' } }] }));
      const [button, off] = stage.querySelectorAll('button');
      const box = stage.querySelector('input');
      const root = stage.firstChild;
      const modes = [ck.resolveLoading('auto', { origin: button, trigger: 'click' }), ck.resolveLoading(undefined, { origin: box, trigger: 'change' }),
        ck.resolveLoading('auto', { origin: root, trigger: 'submit' }), ck.resolveLoading('self', { origin: box, trigger: 'change' })];
      const lookup = () => null;
      const clearSelf = ck.showLoading('self', button, lookup);
      const clearOff = ck.showLoading('self', off, lookup);
      const during = { disabled: button.disabled, busy: button.getAttribute('aria-busy') };
      clearSelf(); clearOff();
      const clearContainer = ck.showLoading('container', root, lookup);
      const inert = root.inert;
      clearContainer();
      return { modes, during, after: button.disabled, offStays: off.disabled, inert, inertAfter: root.inert, busyAfter: root.hasAttribute('aria-busy') };
    });
    assert.deepEqual(result, {
      modes: ['self', 'none', 'container', 'self'], during: { disabled: true, busy: '' }, after: false, offStays: true,
      inert: true, inertAfter: false, busyAfter: false,
    });
  });
});
