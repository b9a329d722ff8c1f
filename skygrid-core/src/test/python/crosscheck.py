#!/usr/bin/python3
"""Independent cross-check of Skygrid's eclipses and ground-station passes (run by CrossCheckTest).

Independent of the Java code under test in everything but the definition of the quantities:
  * SGP4: the sgp4 package (Vallado's C++/Python port), through skyfield's EarthSatellite;
  * frames and Earth rotation: skyfield (TEME -> GCRS -> true equator and equinox of date; ITRS with
    skyfield's built-in Delta T / UT1 tables and WGS-84 topocentric positions);
  * Sun: the Astronomical Almanac low-precision solar coordinates (section C, "Sun, low precision
    formulas": ~0.01 deg, 1950-2050), referred to the mean equator and equinox of date. Skyfield itself needs
    a JPL SPK file (de421.bsp) for the Sun; Debian ships none (only casacore-format DE200/DE405 tables,
    which skyfield cannot read), and CI cannot download it, hence this published analytical model
    (Orekit, used by Skygrid, takes a different one: Montenbruck & Gill's series);
  * events: skyfield's find_discrete (eclipse states; altitude above the mask) and find_maxima (culmination),
    to 1 ms.
Shadow model, as Skygrid defines it: conical shadow of a spherical Earth of radius 6378.137 km and a Sun of
radius 696,000 km; penumbra when the angle between the apparent centres of Sun and Earth is below the sum of
their apparent radii, umbra when below their difference.

Usage: crosscheck.py TLE_FILE START_ISO HOURS MASK_DEG NAME:LAT:LON:ALT_M [NAME:LAT:LON:ALT_M ...]
Prints JSON: {"satellites": {catnr: {"name", "eclipse": [[seconds, state], ...],
              "passes": {station: [[aos_s, culm_s, los_s, max_el_deg], ...]}}}}
with seconds from START and state 0 sunlit, 1 penumbra, 2 umbra (the state entered at that time).
Exit code 3 if skyfield or sgp4 is missing.
"""
import json
import math
import sys

try:
    import numpy as np
    from skyfield.api import EarthSatellite, load, wgs84
    from skyfield import framelib
    from skyfield.searchlib import find_discrete, find_maxima
except ImportError as e:  # pragma: no cover
    print("skyfield/sgp4/numpy missing: %s" % e, file=sys.stderr)
    sys.exit(3)

RE_KM = 6378.137
RSUN_KM = 696000.0
AU_KM = 149597870.7


def sun_of_date_km(t):
    """Astronomical Almanac low-precision Sun, mean equator and equinox of date, km (x, y, z arrays)."""
    n = t.tt - 2451545.0
    L = np.radians((280.460 + 0.9856474 * n) % 360.0)
    g = np.radians((357.528 + 0.9856003 * n) % 360.0)
    lam = L + np.radians(1.915) * np.sin(g) + np.radians(0.020) * np.sin(2 * g)
    eps = np.radians(23.439 - 0.0000004 * n)
    r = (1.00014 - 0.01671 * np.cos(g) - 0.00014 * np.cos(2 * g)) * AU_KM
    return np.array([r * np.cos(lam), r * np.cos(eps) * np.sin(lam), r * np.sin(eps) * np.sin(lam)])


def shadow_state(sat):
    def state(t):
        p = sat.at(t).frame_xyz(framelib.true_equator_and_equinox_of_date).km
        s = sun_of_date_km(t)
        d = s - p
        rn = np.sqrt((p * p).sum(axis=0))
        dn = np.sqrt((d * d).sum(axis=0))
        cos_theta = -(d * p).sum(axis=0) / (dn * rn)
        theta = np.arccos(np.clip(cos_theta, -1, 1))
        a_e = np.arcsin(np.minimum(1, RE_KM / rn))
        a_s = np.arcsin(np.minimum(1, RSUN_KM / dn))
        return np.where(theta < a_e - a_s, 2, np.where(theta < a_e + a_s, 1, 0))
    state.step_days = 20.0 / 86400.0
    return state


def find_passes(sat, topo, t0, t1, mask):
    """Passes as [aos_s, culmination_s, los_s, max_elevation_deg], complete ones only.

    Rise and set come from find_discrete on "altitude above the mask" (10 s steps, refined to 1 ms), and the
    culmination from find_maxima of the altitude (1 ms): skyfield 1.45's find_events was measured to place
    rises and sets up to 7.6 s late or early on these satellites (the altitude at its event reading 10.45 deg
    for a 10 deg mask), so it serves only as a first look in the docs, not here.
    """
    diff = sat - topo

    def above(t):
        return diff.at(t).altaz()[0].degrees > mask
    above.step_days = 10.0 / 86400.0

    def altitude(t):
        return diff.at(t).altaz()[0].degrees
    altitude.step_days = 10.0 / 86400.0

    times, states = find_discrete(t0, t1, above)
    rows, rise = [], None
    for t, st in zip(times, states):
        if st:
            rise = t
        elif rise is not None:
            tm, vm = find_maxima(rise, t, altitude, epsilon=0.001 / 86400.0)
            k = int(np.argmax(vm)) if len(vm) else None
            culm = tm[k] if k is not None else rise
            peak = float(vm[k]) if k is not None else float(altitude(rise))
            rows.append([round((rise - t0) * 86400.0, 4), round((culm - t0) * 86400.0, 4),
                         round((t - t0) * 86400.0, 4), round(peak, 6)])
            rise = None
    return rows


def main(argv):
    tle_file, start_iso, hours, mask = argv[1], argv[2], float(argv[3]), float(argv[4])
    stations = []
    for spec in argv[5:]:
        name, lat, lon, alt = spec.rsplit(":", 3)
        stations.append((name, wgs84.latlon(float(lat), float(lon), elevation_m=float(alt))))
    ts = load.timescale(builtin=True)
    y, mo, d = int(start_iso[0:4]), int(start_iso[5:7]), int(start_iso[8:10])
    hh, mm, ss = int(start_iso[11:13]), int(start_iso[14:16]), float(start_iso[17:19])
    t0 = ts.utc(y, mo, d, hh, mm, ss)
    t1 = ts.utc(y, mo, d, hh, mm, ss + hours * 3600.0)
    with open(tle_file) as f:
        lines = [l.rstrip("\n") for l in f if l.strip()]
    out = {}
    for i in range(0, len(lines), 3):
        sat = EarthSatellite(lines[i + 1], lines[i + 2], lines[i].strip(), ts)
        times, states = find_discrete(t0, t1, shadow_state(sat))
        ecl = [[round((t - t0) * 86400.0, 4), int(s)] for t, s in zip(times, states)]
        passes = {}
        for sname, topo in stations:
            passes[sname] = find_passes(sat, topo, t0, t1, mask)
        out[str(sat.model.satnum)] = {"name": sat.name, "initial": int(shadow_state(sat)(t0)), "eclipse": ecl,
                                      "passes": passes}
    json.dump({"satellites": out}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv)
