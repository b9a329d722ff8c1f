package io.skygrid.econ;

/**
 * One cost-model input: its scenario key, unit, default value, allowed range and the source of the default.
 * Implemented by {@link GroundParam}, {@link OrbitParam}, {@link LaunchParam} and {@link FleetParam}.
 */
public interface Param {
    /**
     * What every parameter carries.
     *
     * @param key          key in the scenario's {@code economics} section, e.g. {@code gpuPriceUsd}
     * @param unit         unit, e.g. {@code USD/kg}
     * @param defaultValue default value; NaN where the default is derived from the fleet (documented per parameter)
     * @param rule         allowed range
     * @param source       where the default comes from (datasheet, paper, public price) or why it is an assumption
     */
    record Spec(String key, String unit, double defaultValue, Rule rule, String source) {
    }

    /** @return this parameter's key, unit, default, range and source */
    Spec spec();

    /** @return key in the scenario's {@code economics} section, e.g. {@code gpuPriceUsd} */
    default String key() {
        return spec().key();
    }

    /** @return unit, e.g. {@code USD/kg} */
    default String unit() {
        return spec().unit();
    }

    /** @return default value; NaN where the default is derived from the fleet (documented per parameter) */
    default double defaultValue() {
        return spec().defaultValue();
    }

    /** @return allowed range */
    default Rule rule() {
        return spec().rule();
    }

    /** @return where the default comes from (datasheet, paper, public price) or why it is an assumption */
    default String source() {
        return spec().source();
    }

    /** Allowed ranges, with the wording used in error messages. */
    enum Rule {
        /** Prices and rates: >= 0. */
        NON_NEGATIVE(">= 0"),
        /** Lives, specific powers, capacities: > 0. */
        POSITIVE("> 0"),
        /** Fractions such as a bus mass fraction: in [0, 1). */
        FRACTION("in [0, 1)"),
        /** Utilisation, learning rate: in (0, 1]. */
        UNIT_INTERVAL("in (0, 1]"),
        /** Calendar years: in [1957, 2200]. */
        YEAR("a year in [1957, 2200]");

        private final String text;

        Rule(String text) {
            this.text = text;
        }

        /** @return the requirement as written in error messages, e.g. {@code >= 0} */
        public String text() {
            return text;
        }

        /** @return whether {@code v} is allowed */
        public boolean allows(double v) {
            if (!Double.isFinite(v)) return false;
            return switch (this) {
                case NON_NEGATIVE -> v >= 0;
                case POSITIVE -> v > 0;
                case FRACTION -> v >= 0 && v < 1;
                case UNIT_INTERVAL -> v > 0 && v <= 1;
                case YEAR -> v >= 1957 && v <= 2200 && v == Math.rint(v);
            };
        }
    }
}
