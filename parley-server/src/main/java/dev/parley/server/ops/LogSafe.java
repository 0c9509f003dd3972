package dev.parley.server.ops;

/**
 * Makes client-supplied text safe to put in a log line: control characters (a forged newline
 * would start a fake log line) are escaped, and long values are cut with their original
 * length noted, so a 200 KB App Key costs a line of about a hundred characters.
 */
public final class LogSafe {
    /** Characters of a value kept before it is cut. */
    public static final int MAX_CHARS = 96;

    private LogSafe() {
    }

    /** {@code value} escaped and truncated; {@code null} stays "null". */
    public static String text(CharSequence value) {
        if (value == null) {
            return "null";
        }
        int keep = Math.min(value.length(), MAX_CHARS);
        StringBuilder out = new StringBuilder(keep + 32);
        for (int i = 0; i < keep; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (value.length() > keep) {
            out.append("…(").append(value.length()).append(" chars)");
        }
        return out.toString();
    }
}
