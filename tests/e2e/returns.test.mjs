// The Returns use case in <openai-chatkit> on the offline model, from lookup to confirmation: the
// steps are taken by clicks on the cards (a form submit, buttons, a radio group, a select, the
// summary card's confirm) and one by typing, on the one card the flow keeps updating in place; the
// confirmation and the return history survive a reload.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openApp, openPage, screenshot, startServer } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer(['--use-case', 'returns', '--model', 'offline:0']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const composer = (page) => page.getByRole('textbox', { name: 'Message' });
const idle = (page) => page.getByRole('button', { name: 'Send' }).waitFor();
/** Exactly `text` on a card (not in the messages or the chat's title). */
const onCard = (page, text) => page.locator('.ck-item-widget').getByText(text, { exact: true }).last();
const assertClean = (page) => assert.deepEqual(page.trouble, { dialogs: [], errors: [], foreign: [] });

async function say(page, text) {
  await composer(page).fill(text);
  await composer(page).press('Enter');
  await page.locator('.ck-item-user-message', { hasText: text }).waitFor();
  await idle(page);
}

/** Does `act` and waits for the custom action it sends to be answered; returns the action sent. */
async function clickThrough(page, act) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().postDataJSON()?.type === 'threads.custom_action'),
    act(),
  ]);
  assert.equal(response.status(), 200);
  await response.finished();
  await idle(page);
  return response.request().postDataJSON().params.action;
}

test('a return from lookup to confirmation, by clicks and by text, survives a reload', async () => {
  const page = await openPage(browser, server);
  await openApp(page, server);
  await say(page, 'I want to start a return');
  await onCard(page, 'Start a return').waitFor();

  // The lookup form: the typed e-mail travels in the submit's payload.
  await page.getByPlaceholder('jane@example.com').fill('jane@example.com');
  const lookup = await clickThrough(page, () => page.getByRole('button', { name: 'Look up' }).click());
  assert.equal(lookup.type, 'returns.lookup');
  assert.equal(lookup.payload.query, 'jane@example.com');
  await onCard(page, 'Orders of Jane Cooper').waitFor();
  await screenshot(page, 'returns-orders');

  // Order 1002, then the headphones on it.
  const order = await clickThrough(page, () => page.locator('.ck-row', { hasText: 'Order #1002' }).getByRole('button', { name: 'Choose' }).click());
  assert.equal(order.type, 'returns.order');
  await onCard(page, 'Order #1002: what comes back?').waitFor();
  const headphones = page.locator('.ck-row', { hasText: /headphones/i }).getByRole('button', { name: 'Select' });
  await clickThrough(page, () => headphones.click());
  await page.getByRole('button', { name: 'Selected ✓' }).waitFor();
  await clickThrough(page, () => page.getByRole('button', { name: 'Continue' }).click());

  // The reason from the radio group.
  await onCard(page, 'Why are they coming back?').waitFor();
  const reason = await clickThrough(page, () => page.getByRole('radio', { name: 'Arrived damaged' }).check());
  assert.equal(reason.type, 'returns.reason');
  assert.equal(reason.payload.reason, 'damaged');

  // The resolution by typing: the same card moves on.
  await onCard(page, 'How should we make it right?').waitFor();
  await say(page, 'refund');
  await onCard(page, 'Before we refund you').waitFor();

  // The store-credit offer, accepted; then the shipping select.
  await clickThrough(page, () => page.getByRole('button', { name: /^Yes, take/ }).click());
  await onCard(page, 'How will you send it back?').waitFor();
  const shipping = await clickThrough(page, () => page.locator('select[name="shipping"]').selectOption('pickup'));
  assert.equal(shipping.type, 'returns.shipping');
  assert.equal(shipping.payload.shipping, 'pickup');

  // The summary card's confirm button creates the return.
  await onCard(page, 'Return from order #1002').waitFor();
  const total = (await page.locator('.ck-row', { hasText: /^Total/ }).last().textContent()) ?? '';
  // Damaged: the pickup is free and no restocking fee; store credit adds 10% to the $129.00.
  assert.match(total, /^Total \(store credit\)\s*\$141\.90$/);
  await screenshot(page, 'returns-summary');
  const confirm = await clickThrough(page, () => page.getByRole('button', { name: 'Create return' }).click());
  assert.equal(confirm.type, 'returns.confirm');
  await onCard(page, 'Return R-1001 created').waitFor();
  // Every earlier step's card is one card updated in place (older copies would carry stale buttons).
  assert.equal(await page.getByRole('button', { name: 'Look up' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Create return' }).count(), 0);
  await screenshot(page, 'returns-confirmed');

  // Typed, the history lists it; after a reload the confirmation and the history are still there.
  await say(page, 'show my returns');
  await onCard(page, 'R-1001 · order #1002').waitFor();
  await page.reload();
  await page.waitForSelector('.ck-root.ck-ready');
  await onCard(page, 'Return R-1001 created').waitFor();
  await onCard(page, 'R-1001 · order #1002').waitFor();
  assertClean(page);
  await page.close();
});
