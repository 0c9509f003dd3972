package dev.parley.server.api;

/** A Server API request failed with a documented error code and HTTP status. */
public final class ApiException extends RuntimeException {
    private final int code;
    private final int httpStatus;

    public ApiException(int code, int httpStatus, String message) {
        super(message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public int code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public static ApiException internal(String message) {
        return new ApiException(ApiErrors.INTERNAL, 500, message);
    }

    public static ApiException badParameter(String message) {
        return new ApiException(ApiErrors.BAD_PARAMETER, 400, message);
    }

    public static ApiException tooLong(String message) {
        return new ApiException(ApiErrors.TOO_LONG, 400, message);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(ApiErrors.UNAUTHORIZED, 401, message);
    }

    public static ApiException rateLimited(String message) {
        return new ApiException(ApiErrors.RATE_LIMITED, 429, message);
    }
}
