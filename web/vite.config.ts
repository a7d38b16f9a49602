// Vite builds the web app into dist/, which the server serves at /. In development, /api and the
// other server paths are proxied to a Gatehouse on GATEHOUSE_URL (default http://127.0.0.1:8080).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const server = process.env.GATEHOUSE_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  build: {
    target: 'es2022',
    // Hashed file names under assets/: the server marks them immutable.
    assetsDir: 'assets',
    // Minified (not gzipped) kB; the budget that matters is ≤ 250 KB gzipped initial JS (about 90 today).
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: Object.fromEntries(['/api', '/v1', '/docs', '/openapi.json', '/health'].map((p) => [p, server])),
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
