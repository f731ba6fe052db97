import { defineConfig } from "vite";

// `npm run dev` serves the UI on :5173 and forwards the API to a `katagrad serve` on :8000.
export default defineConfig({
  server: {
    proxy: {
      "/api": { target: "http://127.0.0.1:8000", changeOrigin: false },
    },
  },
  build: {
    outDir: "dist", sourcemap: true, chunkSizeWarningLimit: 1200,
    rolldownOptions: { checks: { pluginTimings: false } },  // noise on a busy machine
  },
});
