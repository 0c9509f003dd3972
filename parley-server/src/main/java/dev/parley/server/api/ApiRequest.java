package dev.parley.server.api;

import dev.parley.server.auth.App;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A signed Server API call: the app it acts for and its form parameters, with validating getters. */
public final class ApiRequest {
    public static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9+=_-]{1,64}");

    private final App app;
    private final Map<String, List<String>> params;

    public ApiRequest(App app, Map<String, List<String>> params) {
        this.app = app;
        this.params = params;
    }

    public App app() {
        return app;
    }

    /** A parameter that must be present and non-empty, at most {@code maxLength} characters. */
    public String required(String name, int maxLength) {
        String v = optional(name, maxLength);
        if (v == null || v.isEmpty()) {
            throw ApiException.badParameter(name + " is required");
        }
        return v;
    }

    /** Whether the parameter was sent with a non-empty value. */
    public boolean has(String name) {
        return params.getOrDefault(name, List.of()).stream().anyMatch(v -> !v.isEmpty());
    }

    /** A parameter that may be absent (null); the first value if repeated. */
    public String optional(String name, int maxLength) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        return checkLength(name, values.get(0), maxLength);
    }

    /** A repeated parameter: between 1 and {@code maxCount} values, each at most {@code maxLength}. */
    public List<String> requiredList(String name, int maxCount, int maxLength) {
        List<String> values = params.getOrDefault(name, List.of()).stream().filter(v -> !v.isEmpty()).distinct().toList();
        if (values.isEmpty()) {
            throw ApiException.badParameter(name + " is required");
        }
        if (values.size() > maxCount) {
            throw ApiException.badParameter("at most " + maxCount + " " + name + " values per call, got " + values.size());
        }
        values.forEach(v -> checkLength(name, v, maxLength));
        return values;
    }

    /** A user id: 1..64 of {@code [A-Za-z0-9+=_-]}. */
    public String userId(String name) {
        return checkUserId(name, required(name, 64));
    }

    public List<String> userIds(String name, int maxCount) {
        List<String> ids = requiredList(name, maxCount, 64);
        ids.forEach(id -> checkUserId(name, id));
        return ids;
    }

    /** A repeated user id parameter that may be absent ({@code null}); if sent, as {@link #userIds}. */
    public List<String> optionalUserIds(String name, int maxCount) {
        return has(name) ? userIds(name, maxCount) : null;
    }

    /**
     * A 0/1 switch; RongCloud's SDKs send some as {@code true}/{@code false}, so those are
     * read too. {@code dflt} when absent.
     */
    public boolean flag(String name, boolean dflt) {
        String v = optional(name, 5);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        return switch (v) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw ApiException.badParameter(name + " must be 0 or 1");
        };
    }

    public long requiredLong(String name, long min, long max) {
        String v = required(name, 20);
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badParameter(name + " must be an integer");
        }
        if (n < min || n > max) {
            throw ApiException.badParameter(name + " must be between " + min + " and " + max);
        }
        return n;
    }

    private static String checkUserId(String name, String id) {
        if (!USER_ID.matcher(id).matches()) {
            throw ApiException.badParameter(name + " may contain only letters, digits, '+', '=', '_' and '-'");
        }
        return id;
    }

    private static String checkLength(String name, String v, int maxLength) {
        if (v.length() > maxLength) {
            throw ApiException.tooLong(name + " is longer than " + maxLength + " characters");
        }
        return v;
    }
}
