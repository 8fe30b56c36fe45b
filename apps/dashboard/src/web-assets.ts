import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Where `npm run build` puts the dashboard's front-end (Vite's output of apps/dashboard/web): beside this app's
 * compiled code, `dist/apps/dashboard/web`, so the app and its assets ship together.
 */
export function webAssetsDir(): string {
  const dir = path.resolve(__dirname, '..', 'web');
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html is missing: build the dashboard's front-end with \`npm run build\``);
  }
  return dir;
}
