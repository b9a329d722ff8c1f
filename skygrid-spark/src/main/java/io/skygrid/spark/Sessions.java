package io.skygrid.spark;

import org.apache.spark.sql.SparkSession;

/** Creates the Spark session of a command: the given master, else the one spark-submit set, else {@code local[*]}. */
public final class Sessions {
    /** Master used when neither {@code --master} nor spark-submit names one: all local cores, no setup. */
    public static final String DEFAULT_MASTER = "local[*]";

    private Sessions() {
    }

    /** @return the master URL a command will use */
    public static String master(String option) {
        if (option != null && !option.isBlank()) return option;
        return System.getProperty("spark.master", DEFAULT_MASTER);
    }

    /**
     * @param master  master URL ({@code local[*]}, {@code local[2]}, {@code spark://host:7077}, {@code yarn}, ...)
     * @param appName application name shown by the cluster
     * @return a session; the web UI is off in local mode
     */
    public static SparkSession create(String master, String appName) {
        SparkSession.Builder b = SparkSession.builder().appName(appName).master(master)
                .config("spark.sql.session.timeZone", "UTC");
        if (master.startsWith("local")) b.config("spark.ui.enabled", "false");
        return b.getOrCreate();
    }
}
