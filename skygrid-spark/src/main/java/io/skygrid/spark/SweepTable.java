package io.skygrid.spark;

import io.skygrid.scenario.SweepGrid;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The results table of a sweep, one row per run sorted by run number: {@code run_id}, one column per axis
 * (its value), {@code status}, the {@link RunFigures#METRICS} and {@code error}. Written as
 * {@code results.csv} (axis columns named by their field paths, figures rounded to 6 decimals, empty
 * where not applicable) and {@code results.parquet} (a folder with one Parquet file; axis columns named
 * by the path with every run of other characters turned into {@code _}, e.g.
 * {@code orbit_0_walker_altitudeKm}; numeric axes as double, figures at full precision, null where not
 * applicable).
 */
public final class SweepTable {
    public static final String CSV = "results.csv";
    public static final String PARQUET = "results.parquet";

    private SweepTable() {
    }

    /** @return the CSV text (RFC 4180, LF line ends) */
    public static String csv(SweepGrid grid, List<SweepRow> rows) {
        StringBuilder sb = new StringBuilder();
        List<String> header = new ArrayList<>();
        header.add("run_id");
        grid.axes().forEach(a -> header.add(a.path()));
        header.add("status");
        header.addAll(RunFigures.METRICS);
        header.add("error");
        line(sb, header);
        for (SweepRow r : rows) {
            List<String> cells = new ArrayList<>();
            cells.add(r.id());
            cells.addAll(r.axisValues());
            cells.add(r.status());
            for (int i = 0; i < RunFigures.METRICS.size(); i++) cells.add(format(r.figures()[i]));
            cells.add(r.error());
            line(sb, cells);
        }
        return sb.toString();
    }

    /** @return {@code v} rounded to 6 decimals without exponent or trailing zeros; empty for NaN */
    static String format(double v) {
        if (!Double.isFinite(v)) return "";
        return new BigDecimal(v).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    private static void line(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) sb.append(',');
            String c = cells.get(i);
            if (c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r")) {
                sb.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(c);
            }
        }
        sb.append('\n');
    }

    /** @return a Parquet column name for an axis path: runs of characters other than letters, digits and _ become _ */
    public static String column(String path) {
        return path.replaceAll("[^A-Za-z0-9_]+", "_").replaceAll("^_|_$", "");
    }

    /** @return the table's Spark schema */
    public static StructType schema(SweepGrid grid) {
        List<StructField> f = new ArrayList<>();
        f.add(DataTypes.createStructField("run_id", DataTypes.StringType, false));
        for (SweepGrid.Axis a : grid.axes()) {
            f.add(DataTypes.createStructField(column(a.path()), numeric(a) ? DataTypes.DoubleType : DataTypes.StringType, false));
        }
        f.add(DataTypes.createStructField("status", DataTypes.StringType, false));
        for (String m : RunFigures.METRICS) {
            DataType t = RunFigures.isCount(m) ? DataTypes.LongType : DataTypes.DoubleType;
            f.add(DataTypes.createStructField(m, t, true));
        }
        f.add(DataTypes.createStructField("error", DataTypes.StringType, true));
        return DataTypes.createStructType(f);
    }

    private static boolean numeric(SweepGrid.Axis a) {
        return a.values().stream().allMatch(v -> v.kind() == io.skygrid.scenario.ScenarioOverride.Kind.NUMBER);
    }

    /** @return the rows as Spark rows of {@link #schema} */
    public static List<Row> sparkRows(SweepGrid grid, List<SweepRow> rows) {
        List<Row> out = new ArrayList<>(rows.size());
        for (SweepRow r : rows) {
            List<Object> v = new ArrayList<>();
            v.add(r.id());
            for (int a = 0; a < grid.axes().size(); a++) {
                String text = r.axisValues().get(a);
                v.add(numeric(grid.axes().get(a)) ? (Object) Double.valueOf(text.replace("_", "")) : text);
            }
            v.add(r.status());
            for (int i = 0; i < RunFigures.METRICS.size(); i++) {
                double x = r.figures()[i];
                if (Double.isNaN(x)) v.add(null);
                else v.add(RunFigures.isCount(RunFigures.METRICS.get(i)) ? (Object) Math.round(x) : (Object) x);
            }
            v.add(r.ok() ? null : r.error());
            out.add(RowFactory.create(v.toArray()));
        }
        return out;
    }

    /**
     * Writes {@code results.csv} and {@code results.parquet} into {@code out}.
     *
     * @throws IOException if the CSV cannot be written
     */
    public static void write(SparkSession spark, SweepGrid grid, List<SweepRow> rows, Path out) throws IOException {
        Files.createDirectories(out);
        Path tmp = out.resolve(CSV + ".tmp");
        Files.writeString(tmp, csv(grid, rows), StandardCharsets.UTF_8);
        Files.move(tmp, out.resolve(CSV), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        spark.createDataFrame(sparkRows(grid, rows), schema(grid)).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(out.resolve(PARQUET).toAbsolutePath().toString());
    }
}
