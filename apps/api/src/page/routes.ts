import { readFileSync } from 'node:fs';
import { Router } from 'express';

const file = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url));
// Read once at start: three small files, served from memory.
const FILES = {
  '/app': { body: file('index.html'), type: 'text/html; charset=utf-8' },
  '/app/app.js': { body: file('app.js'), type: 'text/javascript; charset=utf-8' },
  '/app/app.css': { body: file('app.css'), type: 'text/css; charset=utf-8' },
};

/**
 * The /app page for the quick start and teams without the BillOps frontend: static files that call
 * the public API. On top of helmet's headers, a CSP that allows the page's own files only.
 */
export function appPageRoutes(): Router {
  const router = Router();
  for (const [path, { body, type }] of Object.entries(FILES)) {
    router.get(path, (_req, res) => {
      res
        .set({
          'content-type': type,
          'cache-control': 'no-cache',
          'content-security-policy':
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; frame-ancestors 'none'; " +
            "form-action 'self'; base-uri 'none'",
        })
        .send(body);
    });
  }
  return router;
}
