import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// Built from the repository root: `npx vite build --config console/vite.config.ts`.
const root = fileURLToPath(new URL('.', import.meta.url));
const kheti = `http://127.0.0.1:${process.env.KHETI_PORT ?? 8080}`;

export default defineConfig({
  root,
  base: '/',
  plugins: [preact()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
  },
  server: {
    // In development the console runs on its own port; the API stays on Kheti's, same paths as in production.
    proxy: {
      '/v1/ws': { target: kheti, ws: true, changeOrigin: true },
      '/v1': { target: kheti, changeOrigin: true },
      '/oauth': { target: kheti, changeOrigin: true },
      '/.well-known': { target: kheti, changeOrigin: true },
      '/console-config.json': { target: kheti, changeOrigin: true },
    },
  },
});
