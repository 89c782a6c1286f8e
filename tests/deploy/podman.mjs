// What the container tests share: podman as scripts/container.sh found it works on this machine
// (build/container/podman.env: the runtime and a containers.conf), a free loopback port, and the
// wait for a container's /readyz.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT } from '../e2e/harness.mjs';

export const IMAGE = 'localhost/chatkit-cpp:latest';

function podmanSettings() {
  const file = join(ROOT, 'build/container/podman.env');
  assert.ok(existsSync(file), 'run bash scripts/container.sh first (the test command does)');
  const env = { ...process.env };
  const runtime = [];
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const [key, value] = [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)];
    if (key === 'CHATKIT_PODMAN_RUNTIME') runtime.push('--runtime', value);
    else env[key] = value;
  }
  return { env, runtime };
}
export const settings = podmanSettings();

/** Runs podman with those settings; throws on a failure unless check is false. */
export function podman(args, { check = true } = {}) {
  const result = spawnSync('podman', [...settings.runtime, ...args], { env: settings.env, encoding: 'utf8' });
  if (check && result.status !== 0) throw new Error(`podman ${args.join(' ')}: ${result.status} ${result.stderr}`);
  return result;
}

export function freePort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Waits until `url`/readyz answers 2xx; the container's log in the error otherwise. */
export async function waitReady(url, name, ms = 20000) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) return;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`no answer from ${url}: ${podman(['logs', name], { check: false }).stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
