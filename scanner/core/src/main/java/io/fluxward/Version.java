package io.fluxward;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** fluxward's version, from the build. */
public final class Version {

    private Version() {
    }

    public static String get() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "0.0.0-dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "0.0.0-dev");
        } catch (IOException e) {
            return "0.0.0-dev";
        }
    }
}
