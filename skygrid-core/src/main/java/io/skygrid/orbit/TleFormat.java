package io.skygrid.orbit;

import io.skygrid.scenario.InputException;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The fixed columns of a two-line element set, field by field, so that a bad record is reported as
 * {@code file:line: inclination (line 2, columns 9-16) must be ..., got '...'} on the physical line that
 * is wrong. Columns are 1-based and inclusive, as in the format tables of CelesTrak ("NORAD Two-Line
 * Element Set Format", Kelso) and Space-Track; each field's pattern is the corresponding part of Orekit's
 * own {@code TLE.isFormatOK} expressions (Orekit 13), so a record passing these checks passes Orekit's.
 *
 * <p>Package-private: used by {@link Satellites} while reading TLE files.
 */
final class TleFormat {

    /**
     * One fixed-column field.
     *
     * @param name    the field's name in messages (e.g. {@code inclination})
     * @param first   first column, 1-based
     * @param last    last column, 1-based, inclusive
     * @param pattern what the columns must hold
     * @param shape   the expected shape in words, e.g. {@code NNN.NNNN degrees}
     */
    record Field(String name, int first, int last, Pattern pattern, String shape) {
        Field(String name, int first, int last, String regex, String shape) {
            this(name, first, last, Pattern.compile(regex), shape);
        }

        /** @return "columns 9-16" or "column 8" */
        String columns() {
            return first == last ? "column " + first : "columns " + first + "-" + last;
        }

        /** @return the columns' text in {@code line} (a 69-character line) */
        String in(String line) {
            return line.substring(first - 1, last);
        }
    }

    private static final String CATALOGUE = "[ 0-9A-Z&&[^IO]][ 0-9]{4}";
    private static final String ANGLE = "[ 0-9]{3}[.][ 0-9]{4}";
    private static final String EXPONENTIAL = "[ +-][ 0-9]{5}[+-][ 0-9]";

    /** Line 1, every column but the line number and the checksum (checked on their own). */
    static final List<Field> LINE_1 = List.of(
            blank(2),
            new Field("catalogue number", 3, 7, CATALOGUE, "5 digits, or a letter and 4 digits (Alpha-5)"),
            new Field("classification", 8, 8, "[A-Z]", "a letter (U, C or S)"),
            blank(9),
            new Field("international designator (launch year)", 10, 11, "[ 0-9]{2}", "2 digits or blanks"),
            new Field("international designator (launch number)", 12, 14, "[ 0-9]{3}", "3 digits or blanks"),
            new Field("international designator (piece)", 15, 17, "[ A-Z]{3}", "up to 3 capital letters"),
            blank(18),
            new Field("epoch year", 19, 20, "[ 0-9][0-9]", "2 digits"),
            new Field("epoch day of year", 21, 32, "[ 0-9]{3}[.][ 0-9]{8}", "DDD.DDDDDDDD"),
            blank(33),
            new Field("first derivative of mean motion", 34, 43, "[ 0+-][.][ 0-9]{8}| [ +-][.][ 0-9]{7}",
                    "a signed decimal such as ' .00002182' or '-.00002182' (rev/day^2, halved)"),
            blank(44),
            new Field("second derivative of mean motion", 45, 52, EXPONENTIAL,
                    "a signed mantissa and exponent such as ' 00000-0' (decimal point assumed)"),
            blank(53),
            new Field("B* drag term", 54, 61, EXPONENTIAL,
                    "a signed mantissa and exponent such as '-11606-4' (decimal point assumed)"),
            blank(62),
            new Field("ephemeris type", 63, 63, "[ 0-9]", "a digit"),
            blank(64),
            new Field("element set number", 65, 68, "[ 0-9]{4}", "up to 4 digits"));

    /** Line 2, every column but the line number and the checksum. */
    static final List<Field> LINE_2 = List.of(
            blank(2),
            new Field("catalogue number", 3, 7, CATALOGUE, "5 digits, or a letter and 4 digits (Alpha-5)"),
            blank(8),
            new Field("inclination", 9, 16, ANGLE, "NNN.NNNN degrees"),
            blank(17),
            new Field("right ascension of the ascending node", 18, 25, ANGLE, "NNN.NNNN degrees"),
            blank(26),
            new Field("eccentricity", 27, 33, "[ 0-9]{7}", "7 digits (decimal point assumed)"),
            blank(34),
            new Field("argument of perigee", 35, 42, ANGLE, "NNN.NNNN degrees"),
            blank(43),
            new Field("mean anomaly", 44, 51, ANGLE, "NNN.NNNN degrees"),
            blank(52),
            new Field("mean motion", 53, 63, "[ 0-9]{2}[.][ 0-9]{8}", "NN.NNNNNNNN revolutions per day"),
            new Field("revolution number at epoch", 64, 68, "[ 0-9]{5}", "up to 5 digits"));

    /** Line 1 and line 2 checksum column. */
    static final int CHECKSUM_COLUMN = 69;

    private TleFormat() {
    }

    private static Field blank(int column) {
        return new Field("separator", column, column, " ", "a blank");
    }

    /**
     * Checks every field of one line against its column format.
     *
     * @param file   file name for messages
     * @param text   the line, exactly 69 characters
     * @param lineNo its physical 1-based line number in the file
     * @param which  1 or 2
     * @throws InputException {@code file:lineNo: FIELD (line W, columns A-B) must be SHAPE, got 'TEXT'}
     */
    static void checkFields(String file, String text, int lineNo, int which) {
        for (Field f : which == 1 ? LINE_1 : LINE_2) {
            String value = f.in(text);
            if (!f.pattern().matcher(value).matches()) {
                throw error(file, lineNo, which, f, "must be " + f.shape() + ", got '" + InputException.quoteAscii(value) + "'");
            }
        }
    }

    /**
     * Checks the values whose format allows numbers outside the field's range: epoch day, the angles
     * and the mean motion. Call after {@link #checkFields}.
     *
     * @throws InputException {@code file:lineNo: FIELD (line W, columns A-B) must be in [...], got TEXT}
     */
    static void checkRanges(String file, String l1, int n1, String l2, int n2) {
        int yy = Integer.parseInt(field(LINE_1, "epoch year").in(l1).strip());
        int year = yy < 57 ? 2000 + yy : 1900 + yy;
        boolean leap = java.time.Year.isLeap(year);
        Field day = field(LINE_1, "epoch day of year");
        double d = parse(day.in(l1));
        if (!(d >= 1 && d < (leap ? 367 : 366))) {
            throw error(file, n1, 1, day, "must be in [1, " + (leap ? 367 : 366) + ") (day 1 is 1 January; " + year
                    + " has " + (leap ? 366 : 365) + " days), got '" + day.in(l1).strip() + "'");
        }
        range(file, l2, n2, "inclination", 0, 180, true);
        range(file, l2, n2, "right ascension of the ascending node", 0, 360, false);
        range(file, l2, n2, "argument of perigee", 0, 360, false);
        range(file, l2, n2, "mean anomaly", 0, 360, false);
        Field n = field(LINE_2, "mean motion");
        if (!(parse(n.in(l2)) > 0)) {
            throw error(file, n2, 2, n, "must be > 0 revolutions per day, got '" + n.in(l2).strip() + "'");
        }
    }

    /** The checksum's position, for messages: {@code checksum (line W, column 69)}. */
    static String checksumField(int which) {
        return "checksum (line " + which + ", column " + CHECKSUM_COLUMN + ")";
    }

    /** The catalogue number's position on line 2, for messages. */
    static String catalogueField() {
        Field f = field(LINE_2, "catalogue number");
        return f.name() + " (line 2, " + f.columns() + ")";
    }

    private static void range(String file, String line, int lineNo, String name, double lo, double hi, boolean closed) {
        Field f = field(LINE_2, name);
        double v = parse(f.in(line));
        if (!(v >= lo && (closed ? v <= hi : v < hi))) {
            throw error(file, lineNo, 2, f, "must be in [" + (int) lo + ", " + (int) hi + (closed ? "]" : ")")
                    + " degrees, got '" + f.in(line).strip() + "'");
        }
    }

    private static double parse(String text) {
        try {
            return Double.parseDouble(text.strip().replace(' ', '0'));
        } catch (NumberFormatException e) {
            return Double.NaN; // e.g. "  .    " (blanks only): refused by the range checks
        }
    }

    private static Field field(List<Field> line, String name) {
        for (Field f : line) {
            if (f.name().equals(name)) return f;
        }
        throw new IllegalArgumentException(name);
    }

    private static InputException error(String file, int lineNo, int which, Field f, String message) {
        return new InputException(file, lineNo, f.name() + " (line " + which + ", " + f.columns() + ")", message);
    }
}
