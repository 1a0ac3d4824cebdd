/**
 * The built renderer's files, for both front ends that serve them: the browser-mode host (HTTP)
 * and Electron's `app://` protocol. One function turns a request path into a file under the
 * renderer's folder, or says why not, so neither front end decodes or joins paths by itself.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export type StaticFile =
  | { ok: true; file: string; size: number; contentType: string }
  | { ok: false; status: 400 | 404 | 503; message: string };

/**
 * The file that `pathname` (a URL path, still percent-encoded) names under `root`. 400 for a path
 * that does not decode (`/%`, overlong UTF-8 such as `%c0%ae`) or holds a NUL, 404 for anything
 * outside `root` or missing, 503 when the renderer itself (index.html) is missing. Never throws.
 */
export async function resolveStaticFile(root: string, pathname: string): Promise<StaticFile> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { ok: false, status: 400, message: 'Bad request: the path is not valid percent-encoded UTF-8.\n' };
  }
  if (decoded.includes('\0')) return { ok: false, status: 400, message: 'Bad request: the path holds a NUL character.\n' };
  const base = path.resolve(root);
  const file = path.resolve(base, `.${decoded === '/' ? '/index.html' : decoded}`);
  if (file !== base && !file.startsWith(base + path.sep)) return { ok: false, status: 404, message: 'Not found.\n' };
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    if (decoded === '/' || decoded === '/index.html') {
      return { ok: false, status: 503, message: `The renderer is not built (${file} is missing): run \`npm run build\` or \`npm start\`.\n` };
    }
    return { ok: false, status: 404, message: 'Not found.\n' };
  }
  return { ok: true, file, size: info.size, contentType: CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' };
}
