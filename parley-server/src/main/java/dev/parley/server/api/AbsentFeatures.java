package dev.parley.server.api;

/**
 * RongCloud Server API parameters that ask for features Parley does not have: push
 * notifications, blacklists, message expansion. A value that asks for nothing (the SDKs'
 * defaults, such as {@code verifyBlacklist=0} or {@code disablePush=false}) is honoured
 * trivially; a value that asks for the feature is refused with 1002 naming it, so an app
 * never believes a push went out or a blacklist was checked when nothing of the kind happened.
 */
final class AbsentFeatures {
    static final String PUSH = "push notifications";
    static final String BLACKLISTS = "blacklists";
    static final String EXPANSION = "message expansions";

    private AbsentFeatures() {
    }

    /** The parameters of the message publish endpoints. */
    static void checkPublish(ApiRequest r) {
        refuseIfSent(r, "pushData", PUSH);
        refuseIfSent(r, "pushExt", PUSH);
        refuseIfSent(r, "count", PUSH);
        refuseIfOn(r, "contentAvailable", PUSH);
        // No push is ever sent, so disabling it is already true; the value must still be valid.
        r.flag("disablePush", false);
        refuseIfOn(r, "verifyBlacklist", BLACKLISTS);
        refuseIfOn(r, "expansion", EXPANSION);
        refuseIfSent(r, "extraContent", EXPANSION);
    }

    /** The answer for a parameter whose value needs a feature this node lacks. */
    static ApiException unsupported(String parameter, String feature) {
        return ApiException.badParameter(parameter + ": " + feature + " are not supported by this Parley version");
    }

    private static void refuseIfSent(ApiRequest r, String name, String feature) {
        if (r.has(name)) {
            throw unsupported(name, feature);
        }
    }

    private static void refuseIfOn(ApiRequest r, String name, String feature) {
        if (r.flag(name, false)) {
            throw unsupported(name + "=1", feature);
        }
    }
}
