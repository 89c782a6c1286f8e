// Looks and reach: light and dark colour schemes, a 375 px phone (no sideways scrolling, the chat
// list as a drawer), and the keyboard alone: skip link, visible focus, send, stop.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createThread, launchBrowser, openApp, openPage, screenshot, startServer } from './harness.mjs';

let server;
let browser;
let threadId;

before(async () => {
  server = await startServer(['--use-case', 'chat', '--model', 'bench:12:5']);
  browser = await launchBrowser();
  threadId = await createThread(server, 'How does it look?');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const luminance = (rgb) => {
  const [r, g, b] = rgb.match(/\d+/g).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
};

for (const colorScheme of ['light', 'dark']) {
  test(`${colorScheme} mode: readable colours`, async () => {
    const page = await openPage(browser, server, { colorScheme });
    await openApp(page, server, `/#${threadId}`);
    await page.locator('.ck-item-assistant-message').waitFor();
    const bg = luminance(await background(page));
    const fg = luminance(await page.evaluate(() => getComputedStyle(ckRoot().querySelector('.ck-item-assistant-message')).color));
    if (colorScheme === 'dark') assert.ok(bg < 0.2 && fg > 0.7, `dark: bg ${bg}, text ${fg}`);
    else assert.ok(bg > 0.9 && fg < 0.3, `light: bg ${bg}, text ${fg}`);
    await screenshot(page, `desktop-${colorScheme}`);
    await page.context().close();
  });
}

test('375 px wide: no sideways scrolling, the chat list is a drawer', async () => {
  const page = await openPage(browser, server, { width: 375, height: 740 });
  await openApp(page, server, `/#${threadId}`);
  await page.locator('.ck-item-assistant-message').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `scrolls sideways by ${overflow}px`);
  const menu = page.getByRole('button', { name: 'Show chats' });
  assert.equal(await menu.getAttribute('aria-expanded'), 'false');
  const drawer = page.locator('.ck-history');
  assert.equal(await drawer.isVisible(), false);
  await screenshot(page, 'phone-light');
  await menu.click();
  assert.equal(await page.locator('.ck-history-toggle').getAttribute('aria-expanded'), 'true');
  await drawer.waitFor({ state: 'visible' });
  await page.locator('.ck-thread-open').first().waitFor();
  const panel = await drawer.boundingBox();
  assert.ok(panel.x >= 0 && panel.width < 375, 'the drawer lies over part of the chat');
  await screenshot(page, 'phone-drawer');
  await page.keyboard.press('Escape');
  assert.equal(await drawer.isVisible(), false);
  assert.equal(await page.getByRole('button', { name: 'Show chats' }).getAttribute('aria-expanded'), 'false');
  // The composer works at this width.
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('small screen');
  await box.press('Enter');
  await page.locator('.ck-item-user-message', { hasText: 'small screen' }).waitFor();
  const box2 = await box.boundingBox();
  assert.ok(box2.x >= 0 && box2.x + box2.width <= 375, 'the message box fits');
  await page.context().close();
});

test('keyboard only: skip link, visible focus, Enter sends', async () => {
  const page = await openPage(browser, server);
  await openApp(page, server);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => ckRoot().activeElement.textContent), 'Skip to the message box');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => ckRoot().activeElement.id), 'ck-input');
  // Focus is visible: the focused element draws an outline.
  const outline = await page.evaluate(() => getComputedStyle(ckRoot().activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
  await page.keyboard.type('typed without a mouse');
  await page.keyboard.press('Enter');
  await page.locator('.ck-item-assistant-message').waitFor();
  // Every control of the page has an accessible name.
  const unnamed = await page.evaluate(() => [...ckRoot().querySelectorAll('button, input, textarea, select')]
    .filter((el) => el.offsetParent !== null)
    .filter((el) => !(el.getAttribute('aria-label') || el.textContent.trim() || el.labels?.length || el.title))
    .map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(unnamed, []);
  await page.context().close();
});
