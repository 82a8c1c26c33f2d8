// The npm registry mirror used here lacks some optional, platform-specific packages (for example
// @unrs/resolver-binding-android-arm64). `npm install` then leaves them out of package-lock.json, and `npm ci`
// refuses a lock that does not list every optional dependency. This adds the missing entries, marked optional
// and restricted to their platform (taken from the package name), so `npm ci` skips them here as it should.
// Runs after every `npm install` (the package's postinstall); changes nothing when the lock is complete.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
if (!existsSync(file)) process.exit(0);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages ?? {};

const OS = ['android', 'darwin', 'freebsd', 'linux', 'openharmony', 'win32', 'sunos', 'aix', 'netbsd', 'openbsd'];
const CPU = {
  'arm-eabi': 'arm',
  arm64: 'arm64',
  x64: 'x64',
  arm: 'arm',
  loong64: 'loong64',
  ppc64: 'ppc64',
  riscv64: 'riscv64',
  s390x: 's390x',
  ia32: 'ia32',
};

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OS.includes(p));
  const at = parts.indexOf(os);
  const rest = parts.slice(at + 1).join('-');
  const cpu = Object.keys(CPU).find((c) => rest === c || rest.startsWith(`${c}-`));
  return os && cpu ? { os: [os], cpu: [CPU[cpu]] } : undefined;
}

let added = 0;
for (const [path, meta] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const base = path ? `${path}/node_modules/` : 'node_modules/';
    if (packages[`${base}${dep}`] || packages[`node_modules/${dep}`]) continue;
    const platform = platformOf(dep);
    if (!platform) continue; // not a platform binding: leave it to npm
    packages[`node_modules/${dep}`] = { version, optional: true, ...platform };
    added += 1;
  }
}
if (added > 0) {
  lock.packages = Object.fromEntries(
    Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
  );
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`package-lock.json: listed ${added} optional platform packages missing from the registry mirror`);
}
