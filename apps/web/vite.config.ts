import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/** Prints the gzipped size of the built JavaScript, the number the issue bounds (< 250 KB). */
function reportGzippedScript(): Plugin {
  return {
    name: 'lore-gzipped-script-size',
    apply: 'build',
    generateBundle(_options, bundle) {
      let bytes = 0;
      for (const file of Object.values(bundle)) {
        if (file.type === 'chunk') bytes += gzipSync(file.code).length;
      }
      console.log(`[lore] web UI JavaScript: ${(bytes / 1024).toFixed(1)} KB gzipped`);
    },
  };
}

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [reportGzippedScript()],
  server: { proxy: { '/v1': 'http://127.0.0.1:8787' } },
  build: { target: 'es2022', sourcemap: false },
});
