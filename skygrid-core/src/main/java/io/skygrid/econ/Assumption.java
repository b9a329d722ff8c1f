package io.skygrid.econ;

import io.skygrid.fleet.Fleet;
import io.skygrid.fleet.GroundSite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One printed assumption of a cost comparison.
 *
 * @param scope  {@code ground}, {@code orbit}, {@code launch}, {@code fleet}, or {@code site <name>} /
 *               {@code constellation <name>} for overrides and site inputs
 * @param key    scenario key
 * @param value  value used
 * @param unit   unit
 * @param source source of a default, or {@code scenario} for a value given in the scenario
 */
public record Assumption(String scope, String key, double value, String unit, String source) {

    /** Source text of a value written in the scenario. */
    public static final String SCENARIO = "scenario";

    /**
     * @return every input the comparison used: defaults with their sources, values given in the scenario,
     *         each site's electricity price and PUE, then per-site and per-constellation overrides
     */
    public static List<Assumption> of(Economics econ, Fleet fleet) {
        List<Assumption> out = new ArrayList<>();
        add(out, "fleet", econ.fleet(), FleetParam.values());
        add(out, "launch", econ.launch(), LaunchParam.values());
        add(out, "ground", econ.ground(), GroundParam.values());
        add(out, "orbit", econ.orbit(), OrbitParam.values());
        for (GroundSite g : fleet.ground()) {
            out.add(new Assumption("site " + g.name(), "electricityUsdPerKWh", g.electricityUsdPerKWh(), "USD/kWh", SCENARIO));
            out.add(new Assumption("site " + g.name(), "pue", g.pue(), "", SCENARIO));
            ParamSet<GroundParam> s = econ.sites().get(g.name());
            if (s != null) overrides(out, "site " + g.name(), s, econ.ground());
        }
        for (Map.Entry<String, ParamSet<OrbitParam>> e : econ.constellations().entrySet()) {
            overrides(out, "constellation " + e.getKey(), e.getValue(), econ.orbit());
        }
        return out;
    }

    private static <P extends Enum<P> & Param> void add(List<Assumption> out, String scope, ParamSet<P> set, P[] all) {
        for (P p : all) {
            double v = set.get(p);
            out.add(new Assumption(scope, p.key(), v, p.unit(), set.isGiven(p) ? SCENARIO : p.source()));
        }
    }

    private static <P extends Enum<P> & Param> void overrides(List<Assumption> out, String scope, ParamSet<P> set,
                                                              ParamSet<P> defaults) {
        for (Map.Entry<P, Double> e : set.given().entrySet()) {
            if (defaults.isGiven(e.getKey()) && defaults.get(e.getKey()) == e.getValue()) continue;
            out.add(new Assumption(scope, e.getKey().key(), e.getValue(), e.getKey().unit(), SCENARIO));
        }
    }
}
