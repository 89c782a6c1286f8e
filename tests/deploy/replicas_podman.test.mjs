// The replicated set-up as containers, started by its one command (scripts/replicas_podman.sh: a pod with
// PostgreSQL, two replicas of the server image and nginx in front), as an operator runs it: the Todo flow in
// Chromium through the balancer; one replica stopped with `podman stop` in the middle of the session, and
// the session goes on through the other (another add and tick, a reload: everything is there); SIGTERM to
// the command removes every container, the pod and the volumes it made.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { ROOT, launchBrowser, openPage, screenshot, todoAddTickReload } from '../e2e/harness.mjs';
import { podman, settings } from './podman.mjs';

const name = `chatkit-replicas-test-${process.pid}`;
const START_TIMEOUT_MS = 180000;  // the first run builds the PostgreSQL and nginx images
let setup;
let browser;

/** Starts scripts/replicas_podman.sh; resolves to { url, replicas: [container], stop() } once it listens. */
function startSetup(args) {
  const started = Date.now();
  const child = spawn('bash', [join(ROOT, 'scripts/replicas_podman.sh'), ...args], {
    env: { ...settings.env, PORT: '0', NAME: name },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr = (stderr + chunk).slice(-4000); });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const replicas = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`replicas_podman.sh did not listen in time:\n${stderr}`)), START_TIMEOUT_MS);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const replica = /^replica (\d+): container (\S+)$/.exec(line);
      if (replica) replicas.push(replica[2]);
      const match = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (!match) return;
      clearTimeout(timer);
      console.log(`the set-up listened ${((Date.now() - started) / 1000).toFixed(1)} s after the command started`);
      resolve({ url: match[1], replicas, async stop() { child.kill('SIGTERM'); return exited; } });
    });
    exited.then(({ code }) => { clearTimeout(timer); reject(new Error(`replicas_podman.sh exited (${code}):\n${stderr}`)); });
  });
}

/** What podman lists of this set-up's: containers (by name, or by pod: the infra one), pods, volumes. */
function madeBySetup() {
  const ours = (result) => result.stdout.split('\n').filter((line) => line.split(' ').some((field) => field.startsWith(name)));
  return {
    containers: ours(podman(['ps', '-a', '--pod', '--format', '{{.Names}} {{.PodName}}'])),  // --pod fills PodName
    pods: ours(podman(['pod', 'ls', '--format', '{{.Name}}'])),
    volumes: ours(podman(['volume', 'ls', '--format', '{{.Name}}'])),
  };
}

const running = (container) => podman(['inspect', container, '--format', '{{.State.Running}}']).stdout.trim() === 'true';

before(async () => {
  setup = await startSetup(['--use-case', 'todo', '--model', 'offline', '--run-timeout', '3', '--log-level', 'warn']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await setup?.stop();
  // Whatever a failed test left: the command's own clean-up is asserted in the last test.
  podman(['pod', 'rm', '-f', '-t', '0', name], { check: false });
  podman(['volume', 'rm', '-f', `${name}-pgdata`, `${name}-data`], { check: false });
});

async function say(page, text) {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
  await page.getByRole('button', { name: 'Send' }).waitFor();
}

test('the Todo flow through the balancer goes on when one replica is stopped mid-session', async () => {
  assert.deepEqual(setup.replicas, [`${name}-replica1`, `${name}-replica2`]);
  assert.ok(setup.replicas.every(running));
  const page = await openPage(browser, setup);
  await page.goto(`${setup.url}/`);
  await todoAddTickReload(page);

  podman(['stop', '-t', '15', setup.replicas[0]]);
  assert.equal(running(setup.replicas[0]), false);
  assert.equal(running(setup.replicas[1]), true);
  await say(page, 'add walk the dog');
  const dog = page.getByRole('checkbox', { name: 'walk the dog' }).last();
  await dog.waitFor();
  await dog.check();
  await page.getByRole('button', { name: 'Send' }).waitFor();
  await page.reload();
  await page.waitForSelector('.ck-root.ck-ready');
  assert.equal(await page.getByRole('checkbox', { name: 'buy milk' }).last().isChecked(), true);
  assert.equal(await page.getByRole('checkbox', { name: 'walk the dog' }).last().isChecked(), true);
  await screenshot(page, 'replicas-podman-one-stopped');
  assert.deepEqual(page.trouble, { dialogs: [], errors: [], foreign: [] });
  await page.context().close();
});

test('SIGTERM to the command removes every container, the pod and the volumes it made', async () => {
  const before = madeBySetup();
  // postgres, two replicas, nginx and the pod's infra container; the database's and the attachments' volumes.
  assert.equal(before.containers.length, 5, JSON.stringify(before));
  assert.deepEqual(before.pods, [name]);
  assert.deepEqual(before.volumes.sort(), [`${name}-data`, `${name}-pgdata`]);
  const { code } = await setup.stop();
  assert.equal(code, 0);
  assert.deepEqual(madeBySetup(), { containers: [], pods: [], volumes: [] });
});
