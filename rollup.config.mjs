// Builds the widget's script-tag bundle (one minified ES module with Lit, the SDK and valibot
// inside) and the SDK's ES module for npm (valibot stays a dependency).

import { rmSync } from 'node:fs';
import minifyHtmlLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

// Start from empty output folders: hashed chunks of earlier builds must not linger.
for (const dir of ['packages/widget/dist', 'packages/sdk/dist'])
  rmSync(dir, { recursive: true, force: true });

const ts = (pkg) =>
  typescript({
    tsconfig: `packages/${pkg}/tsconfig.json`,
    compilerOptions: { noEmit: false, declaration: false, sourceMap: true },
    include: [`packages/*/src/**/*.ts`],
    exclude: ['**/*.test.ts'],
  });

export default [
  {
    input: 'packages/widget/src/signet.ts',
    output: {
      dir: 'packages/widget/dist',
      format: 'es',
      sourcemap: true,
      entryFileNames: 'signet.js',
      // Locale chunks say what they hold: signet-locale-fr-<hash>.js.
      chunkFileNames: (chunk) =>
        chunk.facadeModuleId?.includes('/i18n/locales/')
          ? 'signet-locale-[name]-[hash].js'
          : '[name]-[hash].js',
    },
    plugins: [
      ts('widget'),
      // Terser leaves the insides of html`` and css`` templates alone; this squeezes them.
      minifyHtmlLiterals(),
      nodeResolve({ browser: true }),
      terser({
        module: true,
        ecma: 2022,
        format: { comments: false },
        compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true, pure_getters: true },
      }),
    ],
  },
  {
    input: {
      index: 'packages/sdk/src/index.ts',
      cli: 'packages/sdk/src/cli/verify-command.ts',
    },
    output: { dir: 'packages/sdk/dist', format: 'es', sourcemap: true },
    external: ['valibot', /^node:/],
    plugins: [ts('sdk')],
  },
];
