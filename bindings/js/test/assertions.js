// Assertions shared by the Node tests.
import assert from 'node:assert/strict';

/** Runs fn and returns what it threw; fails the test if it threw nothing. */
export function catchError(fn) {
  try {
    fn();
  } catch (err) {
    return err;
  }
  assert.fail('expected an exception');
}
