package dev.parley.server.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL address as operators write it, turned into what the JDBC driver takes. Both
 * {@code postgresql://user:password@host:5432/db?sslmode=require} (libpq's form, as hosting
 * providers hand it out; {@code postgres://} too) and {@code jdbc:postgresql://host:5432/db}
 * are accepted. An explicit user or password (option or environment) wins over the URL's.
 *
 * @param jdbcUrl  {@code jdbc:postgresql://host[:port]/db[?params]}, without credentials
 * @param user     the user, or null for the driver's default
 * @param password the password, or null
 */
public record PostgresUrl(String jdbcUrl, String user, String password) {
    private static final Pattern LIBPQ = Pattern.compile("postgres(?:ql)?://(?:([^:@/]*)(?::([^@/]*))?@)?([^/?]+)(/[^?]*)?(\\?.*)?");

    public PostgresUrl {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
    }

    /**
     * Parses {@code url}; {@code user} and {@code password}, when not null, replace the URL's.
     *
     * @throws IllegalArgumentException naming the accepted forms when {@code url} is neither
     */
    public static PostgresUrl parse(String url, String user, String password) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("a PostgreSQL URL is required (postgresql://user:password@host:5432/db)");
        }
        String u = url.strip();
        if (u.startsWith("jdbc:postgresql://")) {
            return new PostgresUrl(u, user, password);
        }
        Matcher m = LIBPQ.matcher(u);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected postgresql://[user[:password]@]host[:port]/database or "
                    + "jdbc:postgresql://host[:port]/database, got " + masked(u));
        }
        String path = m.group(4) == null || m.group(4).equals("/") ? "/postgres" : m.group(4);
        String query = m.group(5) == null ? "" : m.group(5);
        return new PostgresUrl("jdbc:postgresql://" + m.group(3) + path + query,
                user != null ? user : decode(m.group(1)),
                password != null ? password : decode(m.group(2)));
    }

    /** For logs and error messages: the address and user, never the password. */
    @Override
    public String toString() {
        return jdbcUrl + (user == null ? "" : " as " + user) + (password == null ? "" : " (password given)");
    }

    /** {@code url} with any password in it replaced by {@code ***}. */
    public static String masked(String url) {
        return url == null ? null : url.replaceAll("(://[^:@/]*):[^@/]*@", "$1:***@")
                .replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    private static String decode(String s) {
        return s == null || s.isEmpty() ? null : URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
