// The explorer's web server: the files of one folder, read-only, with the headers that make the
// page cross-origin isolated (COOP same-origin + COEP require-corp), which shared WebAssembly
// memory and its threads need. GET and HEAD only; nothing outside the folder is ever served.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** Headers on every response: cross-origin isolation, no sniffing, no stale page after a rebuild. */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-cache',
} as const;

function send(response: http.ServerResponse, headers: Record<string, string>, status: number, text: string, extra: Record<string, string> = {}): void {
  response.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', ...extra });
  response.end(`${text}\n`);
}

/** The file a URL path names inside `root`, or undefined when it would leave it. */
export function fileFor(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  if (file !== root && !file.startsWith(`${root}${path.sep}`)) return undefined;
  return decoded.endsWith('/') ? path.join(file, 'index.html') : file;
}

/**
 * The server of `folder`. `isolate: false` leaves out the cross-origin-isolation headers (the tests
 * use it to check the page's fallback on a host that does not send them).
 */
export function createStaticServer(folder: string, { isolate = true }: { isolate?: boolean } = {}): http.Server {
  const root = path.resolve(folder);
  const headers: Record<string, string> = isolate ? { ...ISOLATION_HEADERS } : { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' };
  return http.createServer((request, response) => {
    void (async () => {
      if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, headers, 405, 'method not allowed', { Allow: 'GET, HEAD' });
      const urlPath = new URL(request.url ?? '/', 'http://localhost').pathname;
      const file = fileFor(root, urlPath);
      if (!file) return send(response, headers, 400, 'bad path');
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile()) return send(response, headers, 404, 'not found');
      response.writeHead(200, {
        ...headers,
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Content-Length': String(info.size),
      });
      if (request.method === 'HEAD') return response.end();
      createReadStream(file)
        .on('error', () => response.destroy())
        .pipe(response);
    })().catch(() => response.destroy());
  });
}
