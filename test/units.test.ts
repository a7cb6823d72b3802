// Run-time behaviour of the units module: quantities are plain numbers and Float64Arrays in SI, unit
// functions convert, constants are CODATA 2018 / IAU 2015. The compile-time half (dimension errors)
// is test/units.types.ts, which `npm test` typechecks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  G,
  M_sun,
  W,
  add,
  arrayFromSI,
  au,
  c,
  cm,
  cube,
  div,
  erg,
  ergPerSecond,
  fromSI,
  g,
  gPerCubicCentimetre,
  gravitationalRadius,
  inUnit,
  kg,
  kgPerCubicMetre,
  km,
  kmPerSecond,
  mul,
  quantityAt,
  scale,
  solarMass,
  sqrt,
  square,
  sub,
  unit,
  year,
} from '../src/index.js';

describe('units: run-time representation', () => {
  it('a quantity is a plain number in SI base units', () => {
    const mass = solarMass(2);
    assert.equal(typeof mass, 'number');
    assert.equal(mass, 2 * 1.988409870698051e30);
    assert.equal(kg(5), 5);
    assert.equal(g(5), 5e-3);
    assert.equal(cm(250), 2.5);
    assert.equal(km(1), 1000);
    assert.equal(au(1), 149_597_870_700);
    assert.equal(kmPerSecond(100), 1e5);
    assert.equal(ergPerSecond(1e7), 1);
    assert.equal(W(3), 3);
    assert.equal(erg(1), 1e-7);
    assert.equal(year(1), 31_557_600);
    assert.equal(gPerCubicCentimetre(1), 1000);
    assert.equal(kgPerCubicMetre(1e-7), 1e-7);
  });

  it('a quantity array is a plain Float64Array (a new one, converted element by element)', () => {
    const input = [1, 2, 3];
    const masses = solarMass(input);
    assert.ok(masses instanceof Float64Array);
    assert.deepEqual(Array.from(masses), input.map((x) => x * 1.988409870698051e30));
    assert.deepEqual(Object.keys(masses), ['0', '1', '2']);
    assert.deepEqual(Array.from(inUnit(masses, solarMass)), [1, 2, 3]);
    const raw = new Float64Array([4, 5]);
    assert.equal(arrayFromSI(raw), raw, 'arrayFromSI does not copy');
    assert.equal(quantityAt(arrayFromSI(raw), 1), 5);
  });

  it('operations are the plain arithmetic', () => {
    const r = cm(3);
    assert.equal(add(r, cm(1)), 0.03 + 0.01);
    assert.equal(sub(r, cm(1)), 0.03 - 0.01);
    assert.equal(mul(r, solarMass(1)), 0.03 * M_sun);
    assert.equal(div(r, kmPerSecond(2)), 0.03 / 2000);
    assert.equal(scale(r, 4), 0.03 * 4);
    assert.equal(square(r), 0.03 * 0.03);
    assert.equal(cube(r), 0.03 * 0.03 * 0.03);
    assert.equal(sqrt(square(kmPerSecond(3))), 3000);
    assert.equal(fromSI(7), 7);
  });

  it('inUnit converts back; units made from quantities work the same', () => {
    assert.equal(inUnit(au(1), km), 149_597_870.7);
    assert.equal(inUnit(ergPerSecond(1e40), W), 1e33);
    const perCc = unit('g/cm^3', div(g.size, cube(cm.size)));
    assert.ok(Math.abs(perCc(1) - 1000) < 1e-12);
    assert.equal(perCc.symbol, 'g/cm^3');
  });

  it('constants are CODATA 2018 G and c and the IAU 2015 nominal solar mass (astropy 5 values)', () => {
    assert.equal(G, 6.6743e-11);
    assert.equal(c, 299_792_458);
    assert.equal(M_sun, 1.988409870698051e30);
    assert.ok(Math.abs(G * M_sun - 1.3271244e20) / 1.3271244e20 < 1e-15, 'GM_sun is the IAU nominal value');
  });

  it('gravitationalRadius(M) is the unit of length G M / c^2', () => {
    const rg = gravitationalRadius(solarMass(1e8));
    assert.equal(rg.size, (G * solarMass(1e8)) / (c * c));
    assert.ok(Math.abs(rg.size - 1.4766e11) / 1.4766e11 < 1e-4, 'about 1.48e11 m for 1e8 M_sun');
    assert.equal(rg(500), 500 * rg.size);
    assert.ok(Math.abs(inUnit(rg(500), rg) - 500) <= 500 * Number.EPSILON, 'back to 500 within an ulp');
    assert.equal(rg.symbol, 'r_g');
  });
});
