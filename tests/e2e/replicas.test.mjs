// The replicated set-up (scripts/replicas.sh: PostgreSQL, three replicas, nginx round robin) in
// Chromium: an answer survives a page reload through the balancer, every word once, whichever
// replicas the reload's requests land on (docs/PROTOCOL.md §4.7); the Todo flow goes on when one
// replica is killed mid-session.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { ROOT, SERVER, WEB_DIR, launchBrowser, openApp, openPage, screenshot } from './harness.mjs';

let replicas;
let browser;

/** Starts scripts/replicas.sh; resolves to { url, members: [{ pid, port }], stop() } once it listens. */
function startReplicas(args) {
  const child = spawn('bash', [join(ROOT, 'scripts/replicas.sh'), ...args], {
    env: { ...process.env, REPLICAS: '3', PORT: '0', SERVER, WEB: WEB_DIR },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr = (stderr + chunk).slice(-4000); });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const members = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`replicas.sh did not listen within 60 s:\n${stderr}`)), 60000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const member = /^replica \d+: pid (\d+) port (\d+)$/.exec(line);
      if (member) members.push({ pid: Number(member[1]), port: Number(member[2]) });
      const match = /^listening on (http:\/\/\S+)$/.exec(line);
      if (!match) return;
      clearTimeout(timer);
      resolve({ url: match[1], members, async stop() { child.kill('SIGTERM'); await exited; } });
    });
    exited.then((code) => { clearTimeout(timer); reject(new Error(`replicas.sh exited (${code}):\n${stderr}`)); });
  });
}

before(async () => {
  replicas = await startReplicas(['--use-case', 'todo', '--model', 'offline', '--run-timeout', '3', '--log-level', 'warn']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await replicas?.stop();
});

const counted = (n) => Array.from({ length: n }, (_, i) => String(i + 1)).join(' ') + '.';

async function say(page, text) {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
  await page.getByRole('button', { name: 'Send' }).waitFor();
}

test('three replicas: a reload in the middle of a long answer, and it completes, every word once', async () => {
  assert.equal(replicas.members.length, 3);
  const page = await openPage(browser, replicas);
  await openApp(page, replicas);
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('count to 200');
  await box.press('Enter');
  await page.waitForFunction(() => (ckRoot().querySelector('.ck-item-assistant-message .ck-content')?.textContent ?? '')
    .split(/[\s.]+/).includes('40'), undefined, { timeout: 15000 });
  await page.reload();
  await page.waitForSelector('.ck-root.ck-ready');
  await page.waitForFunction((want) => {
    const answers = ckRoot().querySelectorAll('.ck-item-assistant-message .ck-content');
    return answers.length > 0 && answers[answers.length - 1].textContent.trim() === want;
  }, counted(200), { timeout: 30000 });
  assert.equal(await page.locator('.ck-item-assistant-message').count(), 1);
  assert.equal(await page.locator('.ck-item-user-message').count(), 1);
  await screenshot(page, 'replicas-after-reload');
  assert.deepEqual(page.trouble, { dialogs: [], errors: [], foreign: [] });
  await page.context().close();
});

test('three replicas: the Todo flow goes on when one replica is killed mid-session', async () => {
  const page = await openPage(browser, replicas);
  await openApp(page, replicas);
  await say(page, 'add buy milk');
  await page.getByRole('checkbox', { name: 'buy milk' }).last().waitFor();
  process.kill(replicas.members[0].pid, 'SIGKILL');  // nginx moves its share to the others
  await say(page, 'add walk the dog');
  await page.getByRole('checkbox', { name: 'walk the dog' }).last().waitFor();
  const milk = page.getByRole('checkbox', { name: 'buy milk' }).last();
  await milk.check();
  await page.getByRole('button', { name: 'Send' }).waitFor();
  assert.equal(await milk.isChecked(), true);
  await page.reload();
  await page.waitForSelector('.ck-root.ck-ready');
  assert.equal(await page.getByRole('checkbox', { name: 'buy milk' }).last().isChecked(), true);
  assert.equal(await page.getByRole('checkbox', { name: 'walk the dog' }).last().isChecked(), false);
  await screenshot(page, 'replicas-one-killed');
  assert.deepEqual(page.trouble, { dialogs: [], errors: [], foreign: [] });
  await page.context().close();
});
