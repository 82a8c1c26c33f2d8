import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import ts from 'typescript';

/**
 * ES-module-only packages that CommonJS dependencies `require()`. Node 20.19+ loads them natively, but jest's module
 * runtime cannot (before Node 24.9), so the suite gets a CommonJS copy through moduleNameMapper.
 */
export const ESM_ONLY_REQUIRED = JSON.parse(
  readFileSync(join(import.meta.dirname, 'esm-only-packages.json'), 'utf8'),
) as string[];
export const CJS_CACHE = join(import.meta.dirname, '..', '..', 'node_modules', '.cache', 'duijie-jest');

/**
 * Runs once before the suite. The process time zone is set far from both UTC and China so that any code that
 * leans on the machine's zone instead of the event's shows up as a failing test.
 */
export default function globalSetup(): void {
  process.env.TZ = 'America/New_York';
  // Resolve from fastify's place, so a nested copy of the package would be the one converted.
  const require = createRequire(createRequire(import.meta.url).resolve('fastify'));
  mkdirSync(CJS_CACHE, { recursive: true });
  for (const name of ESM_ONLY_REQUIRED) {
    const source = readFileSync(require.resolve(name), 'utf8');
    const output = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    });
    writeFileSync(join(CJS_CACHE, `${name}.cjs`), output.outputText);
  }
}
