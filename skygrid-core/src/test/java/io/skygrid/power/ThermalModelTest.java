package io.skygrid.power;

import io.skygrid.fleet.Radiator;
import io.skygrid.fleet.Accelerator;
import io.skygrid.fleet.SatellitePayload;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ThermalModelTest {

    private static final ThermalEnvironment LEO = ThermalEnvironment.LEO_EDGE_ON;

    @Test
    void blackTwoSidedPanelInDeepSpace() {
        // sigma x 300^4 = 5.670374419e-8 x 8.1e9 = 459.300 W/m^2 per face; two faces of 1 m^2: 918.60 W
        Radiator black = new Radiator(1, 1, 1, true);
        assertThat(ThermalModel.rejectedPowerW(black, 300, ThermalEnvironment.DEEP_SPACE))
                .isCloseTo(918.6007, within(1e-3));
        assertThat(ThermalModel.rejectedPowerW(black.withArea(2.5), 300, ThermalEnvironment.DEEP_SPACE))
                .isCloseTo(2.5 * 918.6007, within(1e-3));
        Radiator oneSided = new Radiator(1, 1, 1, false);
        assertThat(ThermalModel.rejectedPowerW(oneSided, 300, ThermalEnvironment.DEEP_SPACE))
                .isCloseTo(459.3003, within(1e-3));
        assertThat(ThermalModel.equilibriumTemperatureK(black, 918.6007, ThermalEnvironment.DEEP_SPACE))
                .isCloseTo(300, within(1e-4));
    }

    @Test
    void absorbedFluxByFace() {
        // sunlit face-on (F_sun = 1), F_earth = 0.25, alpha 0.1, eps 0.8, one face:
        // 0.1 x 1361 + 0.1 x 0.3 x 1361 x 0.25 + 0.8 x 237 x 0.25 = 136.1 + 10.2075 + 47.4 = 193.7075
        ThermalEnvironment env = new ThermalEnvironment(1361, 237, 0.3, 1, 0.25);
        assertThat(ThermalModel.absorbedW_m2(0.8, 0.1, false, env)).isCloseTo(193.7075, within(1e-9));
        // two faces: the Sun still lights one face, both faces see the Earth: 136.1 + 2 x 57.6075
        assertThat(ThermalModel.absorbedW_m2(0.8, 0.1, true, env)).isCloseTo(251.315, within(1e-9));
        Radiator r = new Radiator(3, 0.8, 0.1, true);
        assertThat(ThermalModel.absorbedW(r, env)).isCloseTo(3 * 251.315, within(1e-9));
        assertThat(ThermalModel.rejectedPowerW(r, 300, env))
                .isCloseTo(3 * (2 * 0.8 * 459.300328 - 251.315), within(1e-5));
    }

    /**
     * Sizing example: 8 H100 SXM (700 W TDP each) + 2 kW bus = 7,600 W of heat, rejected by a two-sided
     * panel (emissivity 0.85, solar absorptivity 0.08) at 330 K in the default sunlit 550 km environment,
     * edge-on to the Sun and the Earth (F_earth = 0.25777): about <b>7.43 m^2</b> of panel (14.9 m^2 of
     * radiating surface); 7.31 m^2 would do in eclipse.
     */
    @Test
    void sizingEightH100PlusBus() {
        double load = 8 * 700 + 2000;                                   // 7,600 W
        double f = 0.25777296;                                          // edge-on Earth view factor at 550 km
        double emitted = 2 * 0.85 * 5.670374419e-8 * Math.pow(330, 4);  // 2 x 0.85 x 672.4616 = 1,143.185 W/m^2
        double albedo = 2 * 0.08 * 0.30 * 1361 * f;                     // 2 x 32.664 x f = 16.840 W/m^2
        double earthIr = 2 * 0.85 * 237 * f;                            // 2 x 201.45 x f = 103.857 W/m^2
        double hand = load / (emitted - albedo - earthIr);              // 7,600 / 1,022.488 = 7.4328 m^2
        assertThat(hand).isCloseTo(7.4328, within(1e-4));

        double area = ThermalModel.requiredAreaM2(load, 330, 0.85, 0.08, true, LEO);
        assertThat(area).isCloseTo(hand, within(1e-6));
        double eclipse = ThermalModel.requiredAreaM2(load, 330, 0.85, 0.08, true,
                ThermalEnvironment.forAltitude(550_000, false));
        assertThat(eclipse).isCloseTo(7600 / (1143.1847 - 103.857), within(1e-3)).isLessThan(area);

        Radiator sized = new Radiator(area, 0.85, 0.08, true);
        assertThat(ThermalModel.rejectedPowerW(sized, 330, LEO)).isCloseTo(load, within(1e-6));
        assertThat(ThermalModel.equilibriumTemperatureK(sized, load, LEO)).isCloseTo(330, within(1e-9));
    }

    @Test
    void noAreaSufficesWhenTheEnvironmentOutweighsEmission() {
        // at 180 K a two-sided eps 0.85 panel emits 2 x 0.85 x 5.67e-8 x 180^4 = 101.2 W/m^2
        // but absorbs 120.7 W/m^2 of Earth IR and albedo in the sunlit default environment
        assertThatThrownBy(() -> ThermalModel.requiredAreaM2(1000, 180, 0.85, 0.08, true, LEO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no radiator area suffices")
                .hasMessageContaining("180.0 K")
                .hasMessageContaining("absorbs 120.7 W/m^2");
        assertThat(ThermalModel.requiredAreaM2(0, 300, 0.85, 0.08, true, LEO)).isZero();
    }

    @Test
    void rejectsInvalidArguments() {
        Radiator r = new Radiator(1, 0.8, 0.1, true);
        assertThatThrownBy(() -> ThermalModel.rejectedPowerW(r, 0, LEO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("radiatorTempK");
        assertThatThrownBy(() -> ThermalModel.equilibriumTemperatureK(r, -1, LEO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heatLoadW");
        assertThatThrownBy(() -> ThermalModel.requiredAreaM2(100, 300, 0, 0.1, true, LEO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("emissivity");
        assertThatThrownBy(() -> ThermalModel.maxSustainableLoadW(r, Double.NaN, LEO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRadiatorTempK");
    }

    @Test
    void throttleWhenTheRadiatorIsTooSmall() {
        // 5 m^2 two-sided, eps 0.85, alpha 0.08, 330 K limit, default LEO: 5 x 1,022.488 = 5,112.4 W
        Radiator r = new Radiator(5, 0.85, 0.08, true);
        double max = ThermalModel.maxSustainableLoadW(r, 330, LEO);
        assertThat(max).isCloseTo(5 * 1022.488, within(0.01));
        assertThat(ThermalModel.throttleFactor(7600, r, 330, LEO)).isCloseTo(max / 7600, within(1e-12));
        assertThat(ThermalModel.throttleFactor(4000, r, 330, LEO)).isEqualTo(1.0);
        assertThat(ThermalModel.throttleFactor(0, r, 330, LEO)).isEqualTo(1.0);
        // the environment alone holds the panel above 180 K: nothing can run
        assertThat(ThermalModel.maxSustainableLoadW(r, 180, LEO)).isNegative();
        assertThat(ThermalModel.throttleFactor(100, r, 180, LEO)).isZero();
        assertThat(ThermalModel.throttleFactor(0, r, 180, LEO)).isZero();

        // payload view: the bus is rejected first, accelerators get the rest
        Accelerator h100 = new Accelerator("H100", 700, 989, 80L << 30, 3.35e12, 8, "test");
        SatellitePayload p = new SatellitePayload(h100, 8, 30, 0.3, 0.9, 10_000, 2000, 0.2);
        assertThat(ThermalModel.acceleratorThrottleFactor(p, r, 330, LEO))
                .isCloseTo((max - 2000) / 5600, within(1e-12));
        assertThat(ThermalModel.acceleratorThrottleFactor(p, r.withArea(8), 330, LEO)).isEqualTo(1.0);
        assertThat(ThermalModel.acceleratorThrottleFactor(p, r.withArea(1), 330, LEO)).isZero();
    }

    @Property(tries = 300)
    void equilibriumInvertsRejectedPower(@ForAll @DoubleRange(min = 0.05, max = 100) double area,
                                         @ForAll @DoubleRange(min = 0.05, max = 1) double eps,
                                         @ForAll @DoubleRange(min = 0, max = 1) double alpha,
                                         @ForAll boolean twoSided,
                                         @ForAll @DoubleRange(min = 0, max = 2_000_000) double altitude,
                                         @ForAll boolean sunlit,
                                         @ForAll @DoubleRange(min = 0, max = 1) double sunView,
                                         @ForAll @DoubleRange(min = 0, max = 50_000) double load) {
        ThermalEnvironment base = ThermalEnvironment.forAltitude(altitude, sunlit);
        ThermalEnvironment env = new ThermalEnvironment(base.solarFluxW_m2(), base.earthIrW_m2(), base.albedo(),
                sunView, base.earthViewFactor());
        Radiator r = new Radiator(area, eps, alpha, twoSided);
        double t = ThermalModel.equilibriumTemperatureK(r, load, env);
        assertThat(ThermalModel.rejectedPowerW(r, t, env)).isCloseTo(load, within(1e-9 * (1 + load + ThermalModel.absorbedW(r, env))));
        // and the other way round, from a temperature
        double t0 = 150 + load / 100;
        double q = ThermalModel.rejectedPowerW(r, t0, env);
        if (q >= 0) {
            assertThat(ThermalModel.equilibriumTemperatureK(r, q, env)).isCloseTo(t0, within(1e-9 * t0));
            assertThat(ThermalModel.maxSustainableLoadW(r, t0, env)).isEqualTo(q);
        }
    }

    @Property(tries = 300)
    void requiredAreaRejectsTheLoad(@ForAll @DoubleRange(min = 1, max = 100_000) double load,
                                    @ForAll @DoubleRange(min = 250, max = 400) double tempK,
                                    @ForAll @DoubleRange(min = 0.5, max = 1) double eps,
                                    @ForAll @DoubleRange(min = 0, max = 0.3) double alpha,
                                    @ForAll boolean twoSided,
                                    @ForAll boolean sunlit) {
        ThermalEnvironment env = ThermalEnvironment.forAltitude(550_000, sunlit);
        double area = ThermalModel.requiredAreaM2(load, tempK, eps, alpha, twoSided, env);
        Radiator r = new Radiator(area, eps, alpha, twoSided);
        assertThat(ThermalModel.rejectedPowerW(r, tempK, env)).isCloseTo(load, within(1e-9 * load));
        assertThat(ThermalModel.equilibriumTemperatureK(r, load, env)).isCloseTo(tempK, within(1e-9 * tempK));
        assertThat(ThermalModel.throttleFactor(load, r, tempK, env)).isCloseTo(1.0, within(1e-9));
    }

    @Property(tries = 300)
    void moreAreaIsColderAndMoreLoadIsHotter(@ForAll @DoubleRange(min = 0.1, max = 50) double area,
                                             @ForAll @DoubleRange(min = 1.01, max = 3) double areaRatio,
                                             @ForAll @DoubleRange(min = 1, max = 50_000) double load,
                                             @ForAll @DoubleRange(min = 1.01, max = 3) double loadRatio,
                                             @ForAll @DoubleRange(min = 0.1, max = 1) double eps,
                                             @ForAll @DoubleRange(min = 0, max = 1) double alpha,
                                             @ForAll boolean twoSided,
                                             @ForAll boolean sunlit) {
        ThermalEnvironment env = ThermalEnvironment.forAltitude(550_000, sunlit);
        Radiator small = new Radiator(area, eps, alpha, twoSided);
        Radiator large = small.withArea(area * areaRatio);
        double t = ThermalModel.equilibriumTemperatureK(small, load, env);
        assertThat(ThermalModel.equilibriumTemperatureK(large, load, env)).isLessThan(t);
        assertThat(ThermalModel.equilibriumTemperatureK(small, load * loadRatio, env)).isGreaterThan(t);
        // hotter limit, more sustainable load; bigger load, smaller throttle factor
        assertThat(ThermalModel.maxSustainableLoadW(small, t + 10, env))
                .isGreaterThan(ThermalModel.maxSustainableLoadW(small, t, env));
        assertThat(ThermalModel.throttleFactor(load * loadRatio, small, t, env))
                .isLessThan(1.0)
                .isCloseTo(1.0 / loadRatio, within(1e-9));
    }
}
