import type { CallEvent } from '@switchboard/protocol';

/**
 * `expect` semantics (shared/DESIGN.md "Contract details"): the expectation holds when an event
 * has every field it names — a subset match, recursive for objects. Arrays match element by
 * element and must have the same length; other values must be equal.
 */
export function matchesSubset(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => matchesSubset(actual[i], e));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const record = actual as Record<string, unknown>;
    return Object.entries(expected).every(([key, value]) => key in record && matchesSubset(record[key], value));
  }
  return Object.is(actual, expected);
}

/** The first event that satisfies the expectation, or undefined. */
export function findMatch(events: readonly CallEvent[], expected: Record<string, unknown>): CallEvent | undefined {
  return events.find((event) => matchesSubset(event, expected));
}
