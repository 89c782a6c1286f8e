// A real nginx (Debian's) for the browser tests, on a free loopback port, as a static host for a
// copy of the web build: deploy/nginx/chatkit-web.conf, the configuration docs/DEPLOY.md documents,
// with its @LISTEN@ and @ROOT@ filled in. Runs unprivileged in a temporary prefix.
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, WEB_DIR } from './harness.mjs';

const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';
const SITE = join(ROOT, 'deploy/nginx/chatkit-web.conf');

/** A port nothing listens on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Copies the web build (plus `extraFiles`, e.g. config.json) into a temporary root and serves it
 * with nginx; resolves to { url, root, stop() }.
 * @param {Record<string, string>} [extraFiles] path relative to the root → content
 */
export async function startNginx(extraFiles = {}) {
  const prefix = mkdtempSync(join(tmpdir(), 'chatkit-nginx-'));
  // Readable by nginx's workers, which run as another user when the tests run as root.
  chmodSync(prefix, 0o755);
  const root = join(prefix, 'web');
  cpSync(WEB_DIR, root, { recursive: true });
  for (const [path, content] of Object.entries(extraFiles)) writeFileSync(join(root, path), content);
  mkdirSync(join(prefix, 'logs'));
  const port = await freePort();
  const site = readFileSync(SITE, 'utf8').replaceAll('@LISTEN@', `127.0.0.1:${port}`).replaceAll('@ROOT@', root);
  writeFileSync(join(prefix, 'nginx.conf'), `daemon off;
master_process on;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy; fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi;
${site}
}
`);
  const child = spawn(NGINX, ['-p', prefix, '-c', join(prefix, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await fetch(`${url}/chatkit.js`)).ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 100 || child.exitCode !== null) throw new Error(`nginx did not start: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    root,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
