// Compile-time tests of the units module: `npm test` typechecks this file (tsconfig.check.json) and
// fails if any line marked @ts-expect-error compiles, or any unmarked line does not. Nothing here
// runs. Each refused line sits beside an accepted twin, so it is refused for the reason named.
import {
  G,
  M_sun,
  type Density,
  type Length,
  type Mass,
  type Power,
  type Quantity,
  type Velocity,
  add,
  au,
  c,
  cm,
  cube,
  demoDisk,
  disk,
  div,
  g,
  gPerCubicCentimetre,
  gravitationalRadius,
  gravitationalRadiusOf,
  hillRadius,
  inUnit,
  jetLuminosity,
  kg,
  kgPerCubicMetre,
  kmPerSecond,
  mul,
  powerLaw,
  scale,
  shockLuminosity,
  solarMass,
  sqrt,
  square,
  sub,
  tabulated,
  unit,
} from '../src/index.js';

export function typeTests(): void {
  const smbh = solarMass(1e8);
  const remnant = solarMass(60);
  const orbit = au(3);
  const rho = kgPerCubicMetre(1e-6);
  const v = kmPerSecond(100);

  // Adding a length to a mass.
  add(orbit, au(1));
  // @ts-expect-error a mass is not a length
  add(orbit, remnant);
  sub(remnant, kg(1));
  // @ts-expect-error a length is not a mass
  sub(remnant, orbit);
  // JavaScript's + accepts quantities but gives a plain number, which no quantity parameter takes.
  // @ts-expect-error number is not Quantity<Length>
  const sum: Quantity<Length> = orbit + remnant;

  // Passing a density where a length is expected.
  hillRadius(orbit, remnant, smbh);
  // @ts-expect-error a density is not a length
  hillRadius(rho, remnant, smbh);
  // @ts-expect-error nor is a plain number: lengths come from units (au(3), cm(5), ...)
  hillRadius(3, remnant, smbh);

  // Products and quotients carry their dimensions.
  const volume = cube(cm(2));
  const gas: Quantity<Mass> = mul(rho, volume);
  // @ts-expect-error a density times an area is not a mass
  const notGas: Quantity<Mass> = mul(rho, square(cm(2)));
  const speed: Quantity<Velocity> = sqrt(add(square(v), square(kmPerSecond(10))));
  // @ts-expect-error the square root of a length has a fractional exponent
  sqrt(orbit);

  // Converting needs a unit of the same dimension.
  inUnit(orbit, cm);
  // @ts-expect-error a length in grams
  inUnit(orbit, g);

  // ---- McFACTS slip 1: shock_luminosity's `rg = G*M*M_sun/c` (the seed, slide 25) ----
  // G M / c^2 is a length; G M / c has dimension L^2 T^-1 and must not pass for one.
  const rg: Quantity<Length> = div(mul(G, smbh), square(c));
  // @ts-expect-error G*M*M_sun/c is not a length: one factor of c is missing
  const rgSlip: Quantity<Length> = div(mul(scale(G, 1e8), M_sun), c); // smbh_mass = 1e8, a plain number
  // The library's own gravitational radius is the length:
  const rgLibrary: Quantity<Length> = gravitationalRadiusOf(smbh);
  inUnit(orbit, gravitationalRadius(smbh));

  // ---- McFACTS slip 2: jet_luminosity's density scale `10e-10*(u.g/u.cm*3)` ----
  // Meant: 1e-9 g/cm^3. Written: grams per centimetre, times 3.
  const densityScale: Quantity<Density> = scale(div(g.size, cube(cm.size)), 1e-9);
  // @ts-expect-error g/cm*3 is a mass per length, not a density
  const densityScaleSlip: Quantity<Density> = scale(scale(div(g.size, cm.size), 3), 10e-10);
  // In the formula the scale divides the disk density to a pure number; the slip leaves cm^-2.
  const ratio: number = div(rho, densityScale);
  // @ts-expect-error rho / (g/cm*3) has dimension L^-2, not a pure number
  jetLuminosity(remnant, 500, demoDisk, div(rho, scale(div(g.size, cm.size), 3e-9)), v);

  // The luminosity functions take each argument in its dimension.
  const L: Quantity<Power> = shockLuminosity(smbh, remnant, 500, demoDisk, v);
  // @ts-expect-error kick velocity and remnant mass swapped
  shockLuminosity(smbh, v, 500, demoDisk, remnant);
  // @ts-expect-error the orbit is in gravitational radii (a pure number), not a length
  shockLuminosity(smbh, remnant, orbit, demoDisk, v);
  jetLuminosity(remnant, 500, demoDisk, 0.7, v);
  // @ts-expect-error a spin is a pure number, not a velocity
  jetLuminosity(remnant, 500, demoDisk, v, v);

  // Disk profiles are typed too: the density profile must hold densities.
  disk({ aspectRatio: powerLaw(0.01, 0), density: powerLaw(rho, -1.5, { at: 1000 }) });
  // @ts-expect-error a velocity profile where the density profile goes
  disk({ aspectRatio: powerLaw(0.01, 0), density: powerLaw(v, -1.5) });
  // @ts-expect-error a density profile where the aspect ratio goes
  disk({ aspectRatio: powerLaw(rho, 0), density: powerLaw(rho, -1.5) });
  disk({ aspectRatio: tabulated([10, 100], [0.01, 0.02]), density: tabulated([10, 100], gPerCubicCentimetre([1e-9, 1e-10])) });
  // @ts-expect-error densities must carry their unit: plain numbers are not a QuantityArray<Density>
  disk({ aspectRatio: tabulated([10, 100], [0.01, 0.02]), density: tabulated([10, 100], [1e-9, 1e-10]) });

  // Units built from quantities keep their dimension.
  const perCc = unit('g/cm^3', div(g.size, cube(cm.size)));
  inUnit(rho, perCc);
  // @ts-expect-error g/cm^3 is not a unit of velocity
  inUnit(v, perCc);

  void [sum, gas, notGas, speed, rg, rgSlip, rgLibrary, densityScaleSlip, ratio, L];
}
