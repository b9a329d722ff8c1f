package io.skygrid.econ;

import io.skygrid.fleet.Fleet;
import io.skygrid.fleet.GroundSite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A ground site whose power cap is far above what it can draw: the cost model charges the facility (and
 * its staff) for the capacity built, IT W = {@code powerCapW / pue} ({@link CostModel}), so a cap of 1 GW
 * on 768 GPUs costs a 1 GW facility. Skygrid keeps charging what the scenario says was built and says so.
 *
 * @param index        position of the site in the scenario's {@code ground} list
 * @param site         site name
 * @param builtItW     IT capacity built, W: {@code powerCapW / pue}
 * @param peakItW      peak IT draw, W: every node's host plus every GPU at TDP
 *                     ({@link GroundSite#facilityPowerW} / pue at all GPUs busy)
 */
public record UnusedCapacity(int index, String site, double builtItW, double peakItW) {

    /** A cap more than this many times the peak draw is reported. */
    public static final double FACTOR = 2;

    /** @return fraction of the built capacity (so of the facility's capital cost) never drawn, in [0, 1) */
    public double unusedFraction() {
        return 1 - peakItW / builtItW;
    }

    /**
     * @param fleet the fleet
     * @return every ground site whose {@code powerCapW} exceeds {@value #FACTOR} x its peak facility draw
     *         (PUE x peak IT draw), in scenario order
     */
    public static List<UnusedCapacity> of(Fleet fleet) {
        List<UnusedCapacity> out = new ArrayList<>();
        for (int i = 0; i < fleet.ground().size(); i++) {
            GroundSite g = fleet.ground().get(i);
            double peakFacilityW = g.facilityPowerW(g.gpus());
            if (g.powerCapW() > FACTOR * peakFacilityW) {
                out.add(new UnusedCapacity(i, g.name(), g.powerCapW() / g.pue(), peakFacilityW / g.pue()));
            }
        }
        return out;
    }

    /**
     * @return the load-time warning, e.g. {@code ground[0] (site-a): powerCapW is 833 x the site's peak
     *         draw (1,000 MW against 1.2 MW); ...}
     */
    public String warning() {
        return String.format(Locale.ROOT, "ground[%d] (%s): powerCapW is %,.0f x the site's peak draw (facility "
                        + "built for %s IT, peak IT draw %s with every GPU at TDP); the costs charge the facility as "
                        + "built, %.1f %% of it for unused capacity", index, site, builtItW / peakItW, mw(builtItW),
                mw(peakItW), 100 * unusedFraction());
    }

    /**
     * @return the {@code skygrid econ} line, e.g. {@code site-a: facility built for 1,000 MW, peak IT draw
     *         1.2 MW: 99.9 % of the facility's capital cost is for unused capacity}
     */
    public String econLine() {
        return String.format(Locale.ROOT, "%s: facility built for %s, peak IT draw %s: %.1f %% of the facility's "
                        + "capital cost (and of its staff, sized per MW built) is for unused capacity", site, mw(builtItW),
                mw(peakItW), 100 * unusedFraction());
    }

    /** @return power in MW with thousands separators and one decimal below 100 MW, e.g. {@code 1,000 MW}, {@code 1.2 MW} */
    static String mw(double w) {
        double mw = w / 1e6;
        return String.format(Locale.ROOT, mw >= 100 ? "%,.0f MW" : "%,.1f MW", mw);
    }
}
