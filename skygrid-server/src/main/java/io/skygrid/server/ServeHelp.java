package io.skygrid.server;

import java.util.ListResourceBundle;

/**
 * Text of {@code skygrid serve --help} computed at run time (picocli resource bundle): the list of setting keys, built from
 * {@link ServerConfig#DEFAULTS} so that it always names every key the server accepts.
 */
public final class ServeHelp extends ListResourceBundle {
    /** Width of a line of the key list, characters (within picocli's 80-column help). */
    static final int WIDTH = 78;

    /** @return every setting key with its default, two spaces apart, wrapped at {@link #WIDTH}, lines joined by {@code %n} */
    static String settingKeys() {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder(" ");
        for (var e : ServerConfig.DEFAULTS.entrySet()) {
            String v = e.getValue();
            String item = e.getKey() + "=" + (e.getKey().equals("operator.token") || e.getKey().equals("db.password") ? "" : v);
            if (line.length() + 2 + item.length() > WIDTH && line.length() > 1) {
                out.append(line).append("%n");
                line = new StringBuilder(" ");
            }
            line.append(' ').append(item);
        }
        return out.append(line).toString().replace("%n", "\n").replace("%", "%%").replace("\n", "%n");
    }

    @Override
    protected Object[][] getContents() {
        return new Object[][]{{"serve.keys", settingKeys()}};
    }
}
