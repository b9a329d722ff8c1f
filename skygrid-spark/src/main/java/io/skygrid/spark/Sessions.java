package io.skygrid.spark;

import org.apache.spark.sql.SparkSession;

/** Creates the Spark session of a command: the given master, else the one spark-submit set, else {@code local[*]}. */
public final class Sessions {
    /** Master used when neither {@code --master} nor spark-submit names one: all local cores, no setup. */
    public static final String DEFAULT_MASTER = "local[*]";
    /** System property naming the jar shipped to a cluster's executors when not started by spark-submit. */
    public static final String SUBMIT_JAR_PROPERTY = "skygrid.submitJar";

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
     * @return a session; the web UI is off in local mode; on a cluster, the jar named by the system property
     *         {@value #SUBMIT_JAR_PROPERTY} (set by {@code ./skygrid}) is shipped to the executors
     * @throws IllegalArgumentException naming the master if Spark cannot start with it
     */
    public static SparkSession create(String master, String appName) {
        SparkSession.Builder b = SparkSession.builder().appName(appName).master(master)
                .config("spark.sql.session.timeZone", "UTC");
        if (master.startsWith("local")) {
            b.config("spark.ui.enabled", "false");
        } else {
            // a cluster's executors need Skygrid's classes: ./skygrid names the submit jar (spark-submit ships it itself)
            String jar = System.getProperty(SUBMIT_JAR_PROPERTY);
            if (jar != null && !jar.isBlank() && System.getProperty("spark.jars") == null) b.config("spark.jars", jar);
        }
        try {
            return b.getOrCreate();
        } catch (Exception e) { // SparkException for a bad master URL or an unreachable cluster
            throw new IllegalArgumentException("cannot start Spark with master '" + master + "': " + e.getMessage(), e);
        }
    }
}
