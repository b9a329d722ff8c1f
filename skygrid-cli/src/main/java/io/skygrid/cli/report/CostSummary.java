package io.skygrid.cli.report;

import io.skygrid.econ.Assumption;
import io.skygrid.econ.CostModel;
import io.skygrid.econ.Economics;
import io.skygrid.econ.LaunchParam;
import io.skygrid.econ.SatelliteMass;
import io.skygrid.fleet.Fleet;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link CostModel.CostReport} as text (the {@code skygrid econ} printout) and as an ordered map (the
 * {@code costs} section of summary.json and {@code skygrid econ --json}). Deterministic.
 */
public final class CostSummary {
    private CostSummary() {
    }

    /** @return the report as an ordered map; money in USD, NaN values as null */
    public static Map<String, Object> map(CostModel.CostReport r, Fleet fleet) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", r.mode());
        if (!Double.isNaN(r.utilisation())) m.put("utilisationAssumed", r.utilisation());
        m.put("launchYear", r.launchYear());
        m.put("launchUsdPerKg", round(r.launchUsdPerKg(), 2));
        m.put("launchVehicle", r.economics().vehicle());
        m.put("groundUsdPerGpuHour", round(r.groundUsdPerGpuHour(), 4));
        m.put("orbitUsdPerGpuHour", round(r.orbitUsdPerGpuHour(), 4));
        List<Object> pools = new ArrayList<>();
        for (CostModel.PoolCost p : r.pools()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("name", p.name());
            pm.put("kind", p.orbital() ? "orbit" : "ground");
            pm.put("gpus", p.gpus());
            pm.put("deliveredGpuHoursPerYear", round(p.deliveredGpuHoursPerYear(), 1));
            pm.put("usdPerGpuHour", round(p.usdPerGpuHour(), 4));
            pm.put("annualUsd", round(p.totalAnnualUsd(), 0));
            Map<String, Object> items = new LinkedHashMap<>();
            p.annualUsd().forEach((k, v) -> items.put(k, round(v, 0)));
            pm.put("annualUsdByItem", items);
            pm.put("powerKw", round(p.powerKw(), 1));
            pm.put("usdPerKwYear", round(p.usdPerKwYear(), 1));
            if (p.orbital()) {
                pm.put("satellites", p.satellites());
                pm.put("launchedPowerUsdPerKwYear", round(p.launchUsdPerKwYear(), 1));
                SatelliteMass sm = p.mass();
                Map<String, Object> mass = new LinkedHashMap<>();
                mass.put("totalKg", round(sm.totalKg(), 1));
                mass.put("computeKg", round(sm.computeKg(), 1));
                mass.put("arrayKg", round(sm.arrayKg(), 1));
                mass.put("radiatorKg", round(sm.radiatorKg(), 1));
                mass.put("radiatorM2", round(sm.radiatorM2(), 2));
                mass.put("batteryKg", round(sm.batteryKg(), 1));
                mass.put("busKg", round(sm.busKg(), 1));
                mass.put("powerW", round(sm.powerW(), 0));
                pm.put("satelliteMass", mass);
                pm.put("breakEvenLaunchUsdPerKg", round(p.breakEvenLaunchUsdPerKg(), 1));
                pm.put("powerBreakEvenLaunchUsdPerKg", round(p.powerBreakEvenLaunchUsdPerKg(), 1));
                if (p.breakEvenNote() != null) pm.put("breakEvenNote", p.breakEvenNote());
            } else {
                pm.put("electricityUsdPerKwYear", round(p.electricityUsdPerKwYear(), 1));
            }
            pools.add(pm);
        }
        m.put("pools", pools);
        List<Object> as = new ArrayList<>();
        for (Assumption a : Assumption.of(r.economics(), fleet)) {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("scope", a.scope());
            am.put("key", a.key());
            am.put("value", Double.isNaN(a.value()) ? null : a.value());
            am.put("unit", a.unit());
            am.put("source", a.source());
            as.add(am);
        }
        m.put("assumptions", as);
        return m;
    }

    /** Prints the comparison: per-pool table, cost items, break-even, then every assumption with its source. */
    public static void print(CostModel.CostReport r, Fleet fleet, PrintStream out) {
        Economics e = r.economics();
        if (r.mode().equals("nameplate")) {
            out.printf(Locale.ROOT, "nameplate mode: %.0f%% of installed GPU-hours assumed delivered (ground: of the GPUs"
                    + " its power cap can run); no simulation, so no eclipses, pauses or queueing%n", 100 * r.utilisation());
        } else {
            out.println("simulated mode: delivered GPU-hours and energy of the run, scaled from the horizon to a year");
        }
        String curve = e.launch().isGiven(LaunchParam.YEAR) && e.launch().get(LaunchParam.YEAR) == e.launch().get(LaunchParam.BASE_YEAR)
                ? "" : String.format(Locale.ROOT, ", learning curve from $%,.0f/kg in %d", e.launch().get(LaunchParam.USD_PER_KG),
                (int) e.launch().get(LaunchParam.BASE_YEAR));
        out.printf(Locale.ROOT, "launch in %d at $%,.0f/kg (%s%s)%n%n", r.launchYear(), r.launchUsdPerKg(), e.vehicle(), curve);
        String header = String.format(Locale.ROOT, "%-24s %-6s %9s %14s %8s %9s %9s %10s %8s %11s %11s",
                "site / constellation", "kind", "GPUs", "GPU-h/year", "$/GPU-h", "$M/year", "$/kW-yr",
                "launch/kW", "sat kg", "b-even $/kg", "power $/kg");
        out.println(header);
        out.println("-".repeat(header.length()));
        for (CostModel.PoolCost p : r.pools()) {
            out.printf(Locale.ROOT, "%-24s %-6s %,9d %,14.0f %8s %,9.1f %,9.0f %10s %8s %11s %11s%n", p.name(),
                    p.orbital() ? "orbit" : "ground", p.gpus(), p.deliveredGpuHoursPerYear(), money(p.usdPerGpuHour(), 2),
                    p.totalAnnualUsd() / 1e6, p.usdPerKwYear(),
                    p.orbital() ? num(p.launchUsdPerKwYear(), 0) : "-",
                    p.orbital() ? num(p.mass().totalKg(), 0) : "-",
                    p.orbital() ? (Double.isNaN(p.breakEvenLaunchUsdPerKg()) ? "none" : num(p.breakEvenLaunchUsdPerKg(), 0)) : "-",
                    p.orbital() ? num(p.powerBreakEvenLaunchUsdPerKg(), 0) : "-");
        }
        out.println();
        out.printf(Locale.ROOT, "cost per delivered GPU-hour: ground %s, orbit %s%s%n", money(r.groundUsdPerGpuHour(), 2),
                money(r.orbitUsdPerGpuHour(), 2), Double.isNaN(r.groundUsdPerGpuHour()) || Double.isNaN(r.orbitUsdPerGpuHour())
                        ? "" : String.format(Locale.ROOT, " (orbit / ground = %.1f)", r.orbitUsdPerGpuHour() / r.groundUsdPerGpuHour()));
        out.println("cost per year, $M:");
        for (CostModel.PoolCost p : r.pools()) {
            StringBuilder sb = new StringBuilder("  ").append(p.name()).append(':');
            p.annualUsd().forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s %,.1f,", k, v / 1e6)));
            sb.setLength(sb.length() - 1);
            out.println(sb);
        }
        for (CostModel.PoolCost p : r.pools()) {
            if (!p.orbital()) continue;
            SatelliteMass m = p.mass();
            if (!Double.isNaN(m.computeKg())) {
                out.printf(Locale.ROOT, "  %s satellite: %,.0f kg = compute %,.1f + array %,.1f + radiator %,.1f (%.2f m^2)"
                                + " + battery %,.1f + bus %,.1f; %,.1f kW%n", p.name(), m.totalKg(), m.computeKg(), m.arrayKg(),
                        m.radiatorKg(), m.radiatorM2(), m.batteryKg(), m.busKg(), m.powerW() / 1000);
            } else {
                out.printf(Locale.ROOT, "  %s satellite: %,.0f kg (given); %,.1f kW%n", p.name(), m.totalKg(), m.powerW() / 1000);
            }
            if (p.breakEvenNote() != null) {
                out.printf(Locale.ROOT, "  %s break-even: none, %s%n", p.name(), p.breakEvenNote());
            } else {
                out.printf(Locale.ROOT, "  %s break-even: orbit matches the ground's cost per GPU-hour at $%,.0f/kg%n",
                        p.name(), p.breakEvenLaunchUsdPerKg());
            }
            if (!Double.isNaN(p.powerBreakEvenLaunchUsdPerKg())) {
                out.printf(Locale.ROOT, "  %s power break-even: launched power costs the ground's electricity per kW-year"
                        + " at $%,.0f/kg%n", p.name(), p.powerBreakEvenLaunchUsdPerKg());
            }
        }
        out.println();
        out.println("assumptions (value, unit, source):");
        for (Assumption a : Assumption.of(e, fleet)) {
            out.printf(Locale.ROOT, "  %-28s %-22s %14s %-22s %s%n", a.scope(), a.key(), value(a.value()), a.unit(), a.source());
        }
    }

    static String money(double v, int digits) {
        return Double.isNaN(v) ? "-" : "$" + String.format(Locale.ROOT, "%,." + digits + "f", v);
    }

    static String num(double v, int digits) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,." + digits + "f", v);
    }

    private static String value(double v) {
        if (Double.isNaN(v)) return "derived";
        return new BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** @return v rounded to digits decimals, or null for NaN/infinite */
    static Double round(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return null;
        return new BigDecimal(v).setScale(digits, RoundingMode.HALF_EVEN).doubleValue();
    }
}
