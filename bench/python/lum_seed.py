"""Seed 000's second example: McFACTS's shock and jet luminosities in Python, three ways, timed.

1. With astropy units, shaped as the seed's slide 25 (si_from_r_g, .cgs conversions, constants from
   astropy.constants), one remnant per call as merge_blackholes makes them;
2. the same with units stripped by hand (the McFACTS authors' fix), one remnant per call;
3. numpy over arrays (units stripped), per element.
The physics is hotloop's (src/lum/physics.ts), not the seed era's two unit slips, so the results can
be compared: the last line also prints every luminosity for hotloop to check.

The inputs and the disk (hotloop's demo table) come as JSON on standard input, interpolated as McFACTS does: scipy's
not-a-knot CubicSpline in log-log space. Needs numpy, scipy and astropy (Debian: python3-astropy).
Prints one JSON object on its last line.
"""
import json
import sys
import time

import astropy
import astropy.constants as ct
import astropy.units as u
import numpy as np
from scipy.interpolate import CubicSpline


def log_log_spline(radius, values):
    spline = CubicSpline(np.log(radius), np.log(values), bc_type="not-a-knot", extrapolate=False)
    return lambda a: np.exp(spline(np.log(a)))


def si_from_r_g(smbh_mass, distance_rg):
    r_g = (ct.G * smbh_mass * u.M_sun / ct.c**2).to("m")
    return distance_rg * r_g


def shock_luminosity_units(smbh_mass, mass_final, bin_orb_a, disk_aspect_ratio, disk_density, v_kick):
    r_hill_rg = bin_orb_a * ((mass_final / smbh_mass) / 3) ** (1 / 3)
    r_hill_m = si_from_r_g(smbh_mass, r_hill_rg)
    r_hill_cm = r_hill_m.cgs
    disk_height_rg = disk_aspect_ratio(bin_orb_a) * bin_orb_a
    disk_height_m = si_from_r_g(smbh_mass, disk_height_rg)
    disk_height_cm = disk_height_m.cgs
    inside = disk_height_cm < r_hill_cm
    v_hill_gas = np.where(
        inside,
        2 * np.pi * disk_height_cm * (r_hill_cm**2 - disk_height_cm**2 / 3),
        (4 / 3) * np.pi * r_hill_cm**3,
    )
    disk_density_si = disk_density(bin_orb_a) * (u.kg / u.m**3)
    disk_density_cgs = disk_density_si.cgs
    r_hill_mass = disk_density_cgs * v_hill_gas
    v = (v_kick * (u.km / u.s)).cgs
    energy = 0.5 * r_hill_mass * v**2
    time_cross = r_hill_cm / v
    return (energy / time_cross).to(u.erg / u.s).value


def jet_luminosity_units(mass_final, bin_orb_a, disk_aspect_ratio, disk_density, spin_final, v_kick):
    rho = (disk_density(bin_orb_a) * (u.kg / u.m**3)).cgs
    cs = (disk_aspect_ratio(bin_orb_a) * ct.c / np.sqrt(bin_orb_a)).cgs
    v = (v_kick * (u.km / u.s)).cgs
    m = (mass_final * u.M_sun).cgs
    mdot = 4 * np.pi * ct.G.cgs**2 * m**2 * rho / (v**2 + cs**2) ** 1.5
    return (spin_final**2 * mdot * ct.c.cgs**2).to(u.erg / u.s).value


G = ct.G.value
C = ct.c.value
M_SUN = ct.M_sun.value


def shock_luminosity_plain(smbh_mass, mass_final, bin_orb_a, disk_aspect_ratio, disk_density, v_kick):
    # SI throughout, units handled by hand (the McFACTS fix).
    r_g = G * smbh_mass * M_SUN / C**2
    orbit = bin_orb_a * r_g
    r_hill = orbit * ((mass_final / smbh_mass) / 3) ** (1 / 3)
    height = orbit * disk_aspect_ratio(bin_orb_a)
    volume = np.where(height < r_hill, 2 * np.pi * height * (r_hill**2 - height**2 / 3), (4 / 3) * np.pi * r_hill**3)
    v = v_kick * 1e3
    return (0.5 * disk_density(bin_orb_a) * volume * v**2) / (r_hill / v) * 1e7


def jet_luminosity_plain(mass_final, bin_orb_a, disk_aspect_ratio, disk_density, spin_final, v_kick):
    cs = disk_aspect_ratio(bin_orb_a) * C / np.sqrt(bin_orb_a)
    v = v_kick * 1e3
    m = mass_final * M_SUN
    mdot = 4 * np.pi * G**2 * m**2 * disk_density(bin_orb_a) / (v**2 + cs**2) ** 1.5
    return spin_final**2 * mdot * C**2 * 1e7


def per_call_us(fn, calls, repeats=5):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for args in calls:
            fn(*args)
        times.append((time.perf_counter() - start) / len(calls) * 1e6)
    times.sort()
    return times[len(times) // 2]


def main():
    spec = json.loads(sys.stdin.read())
    disk = spec["disk"]
    aspect = log_log_spline(disk["radius"], disk["aspectRatio"])
    density = log_log_spline(disk["radius"], disk["density"])
    smbh = spec["smbhMass"]
    mass = np.array(spec["mass"])
    a = np.array(spec["a"])
    v = np.array(spec["v"])
    spin = np.array(spec["spin"])
    n_calls = spec["calls"]
    shock_calls = [(smbh, mass[i : i + 1], a[i : i + 1], aspect, density, v[i : i + 1]) for i in range(n_calls)]
    jet_calls = [(mass[i : i + 1], a[i : i + 1], aspect, density, spin[i : i + 1], v[i : i + 1]) for i in range(n_calls)]
    per_call_us(shock_luminosity_units, shock_calls[:20], 1)  # warm-up
    result = {
        "numpy": np.__version__,
        "astropy": astropy.__version__,
        "calls": n_calls,
        "shockUnitsUs": per_call_us(shock_luminosity_units, shock_calls[:200], 3),
        "jetUnitsUs": per_call_us(jet_luminosity_units, jet_calls[:200], 3),
        "shockPlainUs": per_call_us(shock_luminosity_plain, shock_calls),
        "jetPlainUs": per_call_us(jet_luminosity_plain, jet_calls),
    }
    start = time.perf_counter()
    repeats = 5
    arrays = []
    for _ in range(repeats):
        arrays = [
            shock_luminosity_plain(smbh, mass, a, aspect, density, v),
            jet_luminosity_plain(mass, a, aspect, density, spin, v),
        ]
    result["numpyArrayNsPerElement"] = (time.perf_counter() - start) / repeats / len(mass) * 1e9
    result["elements"] = len(mass)
    checked = min(n_calls, 200)
    result["shockUnits"] = [float(shock_luminosity_units(*shock_calls[i])[0]) for i in range(checked)]
    result["jetUnits"] = [float(jet_luminosity_units(*jet_calls[i])[0]) for i in range(checked)]
    result["shockArray"] = arrays[0].tolist()
    result["jetArray"] = arrays[1].tolist()
    print(json.dumps(result))


main()
