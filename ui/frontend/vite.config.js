import { defineConfig } from 'vite';

// The bundle lands where Maven packs it into the ui jar (served from the classpath under podnet-ui/).
export default defineConfig({
  build: {
    outDir: process.env.PODNET_UI_OUT || 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1024,
  },
});
