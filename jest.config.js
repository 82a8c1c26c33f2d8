import { readFileSync } from 'node:fs';

// CommonJS copies made by test/support/global-setup.ts: jest cannot require() an ES module on Node 20.
const esmOnly = JSON.parse(readFileSync(new URL('./test/support/esm-only-packages.json', import.meta.url), 'utf8'));
// The build's SWC options (legacy decorators with metadata, ES2023): tests run the code as `npm run build` compiles it.
const swc = JSON.parse(readFileSync(new URL('./.swcrc', import.meta.url), 'utf8'));

// ESM + SWC: NestJS 12 ships ES modules only, so tests run as ESM (node --experimental-vm-modules); @swc/jest emits
// ES modules when jest asks for them. Types are checked by `npm run typecheck`, not here.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    ...Object.fromEntries(
      esmOnly.map((name) => [`^${name}$`, `<rootDir>/node_modules/.cache/duijie-jest/${name}.cjs`]),
    ),
    // ES-module copy of a CommonJS package that requires NestJS (test/support/global-setup.ts).
    '^@nestjs/throttler$': '<rootDir>/node_modules/.cache/duijie-jest/@nestjs__throttler.mjs',
  },
  transform: {
    '^.+\\.ts$': ['@swc/jest', { ...swc, $schema: undefined, sourceMaps: 'inline' }],
  },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  setupFiles: ['<rootDir>/test/support/setup-env.ts'],
  testTimeout: 60000,
  maxWorkers: 2,
};
