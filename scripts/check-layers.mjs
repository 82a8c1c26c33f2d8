/**
 * Checks the module structure: lists the imports between the top-level folders of src/ and fails on any cycle
 * between them, and on src/database (or common, i18n, config) importing a feature folder.
 * Specs (*.spec.ts) are left out: a test may reach across layers. Usage: npm run check:layers [-- --list]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const SRC = resolve(import.meta.dirname, '..', 'src');
/** Folders at the bottom of the graph: they import none of the feature folders. */
const BASE = ['config', 'common', 'i18n', 'database'];

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (name.endsWith('.ts') && !name.endsWith('.spec.ts')) yield path;
  }
}

const folderOf = (path) => relative(SRC, path).split(sep)[0];
const edges = new Map(); // from -> Map(to -> first file seen)
for (const file of files(SRC)) {
  const from = folderOf(file);
  if (!statSync(join(SRC, from)).isDirectory()) continue; // top-level files (app.module.ts, main.ts, …) may import anything
  for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
    const target = resolve(dirname(file), spec);
    if (!target.startsWith(SRC + sep)) continue;
    const to = folderOf(target);
    if (to === from || !statSync(join(SRC, to), { throwIfNoEntry: false })?.isDirectory()) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from).has(to)) edges.get(from).set(to, relative(SRC, file));
  }
}

const problems = [];
for (const base of BASE)
  for (const [to, file] of edges.get(base) ?? [])
    if (!BASE.includes(to)) problems.push(`src/${base} imports the feature folder src/${to} (${file})`);

// Cycles: depth-first search, reporting each cycle once by its smallest rotation.
const seen = new Set();
const cycles = new Set();
function visit(node, path) {
  if (path.includes(node)) {
    const cycle = path.slice(path.indexOf(node));
    const start = cycle.indexOf([...cycle].sort()[0]);
    cycles.add([...cycle.slice(start), ...cycle.slice(0, start)].join(' → '));
    return;
  }
  if (seen.has(node)) return;
  for (const to of edges.get(node)?.keys() ?? []) visit(to, [...path, node]);
  if (path.length === 0) seen.add(node);
}
for (const node of [...edges.keys()].sort()) visit(node, []);
for (const cycle of cycles) {
  const nodes = cycle.split(' → ');
  const via = nodes.map((n, i) => edges.get(n).get(nodes[(i + 1) % nodes.length]));
  problems.push(`import cycle: ${cycle} → ${nodes[0]} (${via.join(', ')})`);
}

if (process.argv.includes('--list'))
  for (const [from, tos] of [...edges].sort()) console.log(`${from} → ${[...tos.keys()].sort().join(', ')}`);
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`layers ok: ${edges.size} folders of src/, no import cycle, nothing below imports a feature`);
