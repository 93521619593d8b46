'use strict';

/**
 * A number bound as REAL even when it is a whole number. Plain numbers follow docs/types.md:
 * a safe integer binds as INTEGER, anything else as REAL; `real(2)` binds the REAL 2.0.
 */
class Real {
  constructor(value) {
    if (typeof value !== 'number') throw new TypeError('real() expects a number');
    this.value = value;
    Object.freeze(this);
  }
}

function real(value) {
  return new Real(value);
}

module.exports = { Real, real };
