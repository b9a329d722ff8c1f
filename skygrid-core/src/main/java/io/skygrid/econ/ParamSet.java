package io.skygrid.econ;

import java.util.EnumMap;
import java.util.Map;

/**
 * Values of one group of cost parameters: those given explicitly, the rest at their defaults. Immutable.
 *
 * @param <P> the parameter enum
 */
public final class ParamSet<P extends Enum<P> & Param> {
    private final Class<P> type;
    private final EnumMap<P, Double> given;

    private ParamSet(Class<P> type, EnumMap<P, Double> given) {
        this.type = type;
        this.given = given;
    }

    /** @return a set with every parameter at its default */
    public static <P extends Enum<P> & Param> ParamSet<P> defaults(Class<P> type) {
        return new ParamSet<>(type, new EnumMap<>(type));
    }

    /** @return the value given, else the default (NaN for derived defaults) */
    public double get(P p) {
        Double v = given.get(p);
        return v != null ? v : p.defaultValue();
    }

    /** @return whether the value was given (not a default) */
    public boolean isGiven(P p) {
        return given.containsKey(p);
    }

    /**
     * @return a copy with {@code p} set to {@code v}
     * @throws IllegalArgumentException naming the key if {@code v} breaks the parameter's rule
     */
    public ParamSet<P> with(P p, double v) {
        if (!p.rule().allows(v)) {
            throw new IllegalArgumentException(p.key() + " must be " + p.rule().text() + ", got " + v);
        }
        EnumMap<P, Double> m = new EnumMap<>(type);
        m.putAll(given);
        m.put(p, v);
        return new ParamSet<>(type, m);
    }

    /** @return a copy where the values given in {@code over} replace this set's */
    public ParamSet<P> overlay(ParamSet<P> over) {
        EnumMap<P, Double> m = new EnumMap<>(type);
        m.putAll(given);
        m.putAll(over.given);
        return new ParamSet<>(type, m);
    }

    /** @return the values given explicitly, in declaration order */
    public Map<P, Double> given() {
        return java.util.Collections.unmodifiableMap(given);
    }

    /** @return the parameter with this scenario key, or null */
    public static <P extends Enum<P> & Param> P byKey(Class<P> type, String key) {
        for (P p : type.getEnumConstants()) {
            if (p.key().equals(key)) return p;
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParamSet<?> s && s.type == type && s.given.equals(given);
    }

    @Override
    public int hashCode() {
        return given.hashCode();
    }
}
