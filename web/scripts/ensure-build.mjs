#!/usr/bin/env node
// `npm start` runs this first: builds the web app when web/dist is missing, so a fresh clone
// (`npm install && npm start`) serves the app at / without a separate build step.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('..', import.meta.url));
if (existsSync(new URL('../dist/index.html', import.meta.url))) process.exit(0);

if (
  !existsSync(new URL('../node_modules/.bin/vite', import.meta.url)) &&
  !existsSync(new URL('../../node_modules/.bin/vite', import.meta.url))
) {
  console.warn(
    'gatehouse: web/dist is missing and Vite is not installed (npm install without --omit=dev builds it); serving the API only.',
  );
  process.exit(0);
}
console.log('gatehouse: building the web app (web/dist is missing) …');
const result = spawnSync('npm', ['run', 'build'], { cwd: web, stdio: 'inherit' });
process.exit(result.status ?? 1);
