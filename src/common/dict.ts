/**
 * Maps keyed by text from the outside — question codes, category codes, spreadsheet headers, answers — have no
 * prototype: a question coded `constructor` (or any Object.prototype name) is a key like any other, never Object's own
 * function, and `__proto__` cannot change what the map is. Plain objects read back from JSON are looked into with
 * `own()`, which sees only their own keys.
 */
export function dict<V>(entries: Iterable<readonly [string, V]> = []): Record<string, V> {
  const out = Object.create(null) as Record<string, V>;
  for (const [key, value] of entries) out[key] = value;
  return out;
}

/** The value of one of the object's own keys; undefined for a key it only inherits (`constructor`, `toString`, …). */
export function own<V>(object: Readonly<Record<string, V>> | null | undefined, key: string): V | undefined {
  return object && Object.hasOwn(object, key) ? object[key] : undefined;
}

/**
 * Keys a JSON body cannot carry: the body parser refuses `__proto__`, and the validation pipe deletes `constructor` and
 * `prototype` from every object it receives (prototype-pollution guards). A code that becomes such a key (a question's
 * code is the key of its answer) may not be one of them.
 */
export const RESERVED_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
