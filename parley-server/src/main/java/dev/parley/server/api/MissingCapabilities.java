package dev.parley.server.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names what a RongCloud Server API path is for when Parley lacks it, so an app developer
 * whose server SDK calls it learns at once the feature is unsupported rather than suspecting a
 * wrong host or a typo. Longest matching prefix wins; anything else is an unknown path.
 */
final class MissingCapabilities {
    private static final Map<String, String> BY_PREFIX = new LinkedHashMap<>();

    static {
        BY_PREFIX.put("/chatroom/", "chatrooms");
        BY_PREFIX.put("/message/chatroom/", "chatrooms");
        BY_PREFIX.put("/ultragroup/", "ultragroups");
        BY_PREFIX.put("/message/ultragroup/", "ultragroups");
        BY_PREFIX.put("/message/discussion/", "discussions");
        BY_PREFIX.put("/push.json", "push notifications");
        BY_PREFIX.put("/push/", "push notifications");
        BY_PREFIX.put("/user/blockPushPeriod/", "push notifications");
        BY_PREFIX.put("/message/broadcast", "broadcast messages");
        BY_PREFIX.put("/message/online/broadcast", "broadcast messages");
        BY_PREFIX.put("/sensitiveword/", "sensitive words");
        BY_PREFIX.put("/wordfilter/", "sensitive words");
        BY_PREFIX.put("/user/tag/", "user tags");
        BY_PREFIX.put("/user/tags/", "user tags");
        BY_PREFIX.put("/user/blacklist/", "blacklists");
        BY_PREFIX.put("/user/whitelist/", "whitelists");
        BY_PREFIX.put("/user/chat/fb/", "user mutes");
        BY_PREFIX.put("/user/remarks/", "user remarks");
        BY_PREFIX.put("/user/abandon", "user deactivations");
        BY_PREFIX.put("/user/activate", "user deactivations");
        BY_PREFIX.put("/user/info", "user profile queries");
        BY_PREFIX.put("/user/group/query", "user group queries");
        BY_PREFIX.put("/group/user/gag/", "group mutes");
        BY_PREFIX.put("/group/user/ban/", "group mutes");
        BY_PREFIX.put("/group/ban/", "group mutes");
        BY_PREFIX.put("/group/mute/", "group mutes");
        BY_PREFIX.put("/group/remarks/", "group member remarks");
        BY_PREFIX.put("/group/sync", "group membership syncs");
        BY_PREFIX.put("/message/expansion/", "message expansions");
        BY_PREFIX.put("/message/history", "message history files");
        BY_PREFIX.put("/message/private/publish_template", "template messages");
        BY_PREFIX.put("/message/system/publish_template", "template messages");
        BY_PREFIX.put("/conversation/notification/", "conversation notification settings");
        BY_PREFIX.put("/conversation/message/history/clean", "server-side history deletions");
        BY_PREFIX.put("/statusmessage/chatroom/", "chatrooms");
    }

    private MissingCapabilities() {
    }

    /** The error message for a path no endpoint serves. */
    static String describe(String path) {
        String capability = null;
        int matched = -1;
        for (Map.Entry<String, String> e : BY_PREFIX.entrySet()) {
            if (path.startsWith(e.getKey()) && e.getKey().length() > matched) {
                capability = e.getValue();
                matched = e.getKey().length();
            }
        }
        return capability == null ? path + ": unknown path"
                : path + ": " + capability + " are not supported by this Parley version";
    }
}
