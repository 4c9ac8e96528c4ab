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
    // The entry holds the sign-in page and the shell; each screen area is a chunk of its own, loaded by the
    // import() in app.tsx. The libraries get named chunks: they change far less often than the screens, so a
    // deploy that touches a screen leaves them cached, and the map's stays shared by the fields screens.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // Leaflet: the fields list, the field page. (A group takes its modules' imports along, so a group of
            // our own map components would pull the shell's modules out of the entry: those stay automatic.)
            { name: 'map', test: /node_modules[\\/]leaflet[\\/]/ },
            // Drawing a boundary is only done on the fields list: the field page need not download it.
            { name: 'draw', test: /node_modules[\\/]terra-draw/ },
            // Charts: the field page's NDVI history, the markets' prices.
            { name: 'uplot', test: /node_modules[\\/]uplot[\\/]/ },
          ],
        },
      },
    },
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
