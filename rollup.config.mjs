// Builds the widget's script-tag bundle: one minified ES module with Lit and the SDK inside (the
// npm packages are built by tsc, see each package's tsconfig.build.json).

import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import minifyHtmlLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

// Start from an empty output folder: hashed chunks of earlier builds must not linger.
rmSync('packages/widget/dist', { recursive: true, force: true });

const sdkSource = fileURLToPath(new URL('packages/sdk/src/', import.meta.url));

/**
 * The SDK from its sources, compiled with the widget's (one TypeScript pass, no stale build).
 * Free of side effects, as its package.json says to bundlers: otherwise every contract module a
 * barrel file names (webhooks, reports, …) would stay in signet.js for its top-level calls.
 */
const sdkFromSource = {
  name: 'sdk-source',
  resolveId(source) {
    const entry = source === '@signet/sdk' ? 'index' : /^@signet\/sdk\/(.+)$/.exec(source)?.[1];
    return entry ? { id: `${sdkSource}${entry}.ts`, moduleSideEffects: false } : null;
  },
};

const ts = (pkg) =>
  typescript({
    tsconfig: `packages/${pkg}/tsconfig.json`,
    compilerOptions: { noEmit: false, declaration: false, sourceMap: true },
    include: [`packages/*/src/**/*.ts`],
    exclude: ['**/*.test.ts'],
  });

/** The asset server's headers file beside the bundle (packages/widget/static/_headers). */
const assetHeaders = {
  name: 'asset-headers',
  generateBundle() {
    const source = readFileSync('packages/widget/static/_headers', 'utf8');
    this.emitFile({ type: 'asset', fileName: '_headers', source });
  },
};

/**
 * The receipt check's verifier (valibot and the contract inside) is its own file, loaded only
 * when a person checks a receipt: as a chunk of signet.js it would pull the validator into
 * signet.js through the contract modules the two share (decision 0004's budget).
 */
const verifierApart = {
  name: 'verifier-apart',
  resolveDynamicImport(specifier) {
    return specifier === '@signet/sdk/verify' ? { id: './signet-verify.js', external: true } : null;
  },
};

/**
 * V8's explicit compile hint (Chromium 136 on): every function of the file is compiled while the
 * file streams in, off the main thread, instead of lazily on the main thread at its first call.
 * Nearly all of signet.js runs before the form is interactive; the chunks that load later (the
 * send chunk, locales) keep lazy compilation. Rollup adds banners after minification.
 */
const compileHint = (chunk) =>
  chunk.isEntry || /^(?:lit-element|signet-preferences|signet-consent-fields)-/.test(chunk.fileName)
    ? '//# allFunctionsCalledOnLoad'
    : '';

export default [
  {
    input: 'packages/widget/src/signet.ts',
    output: {
      dir: 'packages/widget/dist',
      format: 'es',
      sourcemap: true,
      banner: compileHint,
      entryFileNames: 'signet.js',
      // Locale chunks say what they hold: signet-locale-fr-<hash>.js.
      chunkFileNames: (chunk) =>
        chunk.facadeModuleId?.includes('/i18n/locales/')
          ? 'signet-locale-[name]-[hash].js'
          : '[name]-[hash].js',
    },
    plugins: [
      assetHeaders,
      verifierApart,
      sdkFromSource,
      ts('widget'),
      // Terser leaves the insides of html`` and css`` templates alone; this squeezes them.
      minifyHtmlLiterals(),
      nodeResolve({ browser: true }),
      terser({
        module: true,
        ecma: 2022,
        format: { comments: /^# allFunctionsCalledOnLoad$/ },
        compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true, pure_getters: true },
      }),
    ],
  },
  {
    input: 'packages/sdk/src/verify.ts',
    output: {
      dir: 'packages/widget/dist',
      format: 'es',
      sourcemap: true,
      entryFileNames: 'signet-verify.js',
    },
    plugins: [
      sdkFromSource,
      ts('widget'),
      nodeResolve({ browser: true }),
      terser({ module: true, ecma: 2022, format: { comments: false } }),
    ],
  },
  {
    // The site owner's console (/admin): its own bundle and chunks, never part of signet.js.
    input: 'packages/widget/src/console/signet-console.ts',
    output: {
      dir: 'packages/widget/dist/console',
      format: 'es',
      sourcemap: true,
      entryFileNames: 'signet-console.js',
      chunkFileNames: 'console-[name]-[hash].js',
    },
    plugins: [
      sdkFromSource,
      ts('widget'),
      minifyHtmlLiterals(),
      nodeResolve({ browser: true }),
      terser({ module: true, ecma: 2022, format: { comments: false } }),
    ],
  },
];
