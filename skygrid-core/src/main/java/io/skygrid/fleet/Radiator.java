package io.skygrid.fleet;

/**
 * A flat radiator panel of an orbital compute satellite, radiating to space from one face (the other
 * face insulated, e.g. body-mounted) or from both faces (a deployed panel fed by a heat-pipe or pumped
 * loop running through it, both faces seeing space).
 *
 * <p>The panel is assumed isothermal at the radiator temperature (fin efficiency 1: an upper bound on
 * rejection; real panels with heat pipes reach roughly 0.8-0.95). Typical white radiator coatings are
 * silver-Teflon tape and optical solar reflectors (OSR, silvered quartz mirrors): hemispherical
 * emissivity about 0.8 and solar absorptivity about 0.08-0.1 at beginning of life, rising over years
 * in orbit as the coating degrades (Gilmore, ed., <i>Spacecraft Thermal Control Handbook</i>, Vol. I,
 * 2nd ed., Aerospace Press, 2002, chapters on thermal surface finishes and radiators, with its table of
 * coating properties). White paints are about 0.85-0.9 emissive but absorb 0.2-0.4 of sunlight.
 *
 * @param areaM2            panel area (one face), m^2, &gt; 0
 * @param emissivity        hemispherical infrared emissivity of the radiating face(s), (0, 1]; by
 *                          Kirchhoff's law also the absorptivity for Earth infrared
 * @param solarAbsorptivity solar absorptivity of the face(s), [0, 1]
 * @param twoSided          true if both faces radiate (and both see the Earth), false for one face
 */
public record Radiator(double areaM2, double emissivity, double solarAbsorptivity, boolean twoSided) {

    /** Beginning-of-life emissivity of silver-Teflon / OSR coatings (Gilmore 2002, coating property table). */
    public static final double OSR_EMISSIVITY = 0.8;
    /** Beginning-of-life solar absorptivity of silver-Teflon / OSR coatings (Gilmore 2002, 0.08-0.1). */
    public static final double OSR_SOLAR_ABSORPTIVITY = 0.08;

    public Radiator {
        if (!(areaM2 > 0) || Double.isInfinite(areaM2)) {
            throw new IllegalArgumentException("areaM2 must be finite and > 0, got " + areaM2);
        }
        if (!(emissivity > 0 && emissivity <= 1)) {
            throw new IllegalArgumentException("emissivity must be in (0, 1], got " + emissivity);
        }
        if (!(solarAbsorptivity >= 0 && solarAbsorptivity <= 1)) {
            throw new IllegalArgumentException("solarAbsorptivity must be in [0, 1], got " + solarAbsorptivity);
        }
    }

    /** @return the number of radiating faces, 1 or 2 */
    public int faces() {
        return twoSided ? 2 : 1;
    }

    /** @return a copy of this radiator with another area, m^2 */
    public Radiator withArea(double newAreaM2) {
        return new Radiator(newAreaM2, emissivity, solarAbsorptivity, twoSided);
    }
}
