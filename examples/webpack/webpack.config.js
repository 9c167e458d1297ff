import { fileURLToPath } from 'node:url';
import HtmlWebpackPlugin from 'html-webpack-plugin';

// segmenta.js finds its module with `new URL('segmenta_bg.wasm', import.meta.url)`, which
// webpack 5 turns into an asset module by itself: the .wasm lands in dist/ under a hashed
// name and the URL points at it. No loader and no `experiments` are needed.
export default {
  mode: 'production',
  entry: './src/main.js',
  output: {
    path: fileURLToPath(new URL('./dist/', import.meta.url)),
    clean: true,
  },
  plugins: [new HtmlWebpackPlugin({ template: './src/index.html' })],
  // The .wasm is over webpack's 244 KiB advice; it is fetched once and cached.
  performance: { hints: false },
};
