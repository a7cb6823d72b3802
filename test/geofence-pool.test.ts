import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LengthPool } from '../src/geofence/length-pool.js';

describe('geofence length pool', () => {
  it('gives back what was given, by exact length; over its limit the length used longest ago goes', () => {
    let made = 0;
    const pool = new LengthPool<Int32Array>(3, (length) => (made++, new Int32Array(length)), (item) => item.length);
    const a = pool.take(4);
    const b = pool.take(4);
    const odd = pool.take(7);
    assert.equal(made, 3);
    pool.give(a);
    pool.give(odd);
    assert.equal(pool.take(4), a, 'a free item of the length asked');
    assert.equal(made, 3);
    assert.notEqual(pool.take(5), odd, 'never an item of another length');
    assert.equal(made, 4);
    // Free now: odd (7). Give a and b (4, used after 7), then one more of 4: over 3 kept, the 7s go first.
    pool.give(a);
    pool.give(b);
    pool.give(new Int32Array(4));
    assert.notEqual(pool.take(7), odd, 'the length used longest ago was dropped');
    assert.equal(made, 5);
    const kept = [pool.take(4), pool.take(4), pool.take(4)];
    assert.ok(kept.includes(a) && kept.includes(b), 'the 4s stayed');
    assert.equal(made, 5);
  });
});
