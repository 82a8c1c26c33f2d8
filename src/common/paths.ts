import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The project root: found from this file whether it runs from src/ (tsx, jest) or dist/src/ (build). */
function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'templates'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Cannot find the Duijie project root (package.json and templates/)');
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findRoot(import.meta.dirname);
export const TEMPLATES_DIR = join(PROJECT_ROOT, 'templates');
