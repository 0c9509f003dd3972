package dev.parley.server.api;

import dev.parley.server.messaging.MessagingService;
import dev.parley.server.store.GroupFullException;
import dev.parley.server.store.GroupRepository;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** The {@code /group/...} endpoints: groups are created and changed by the app server. */
public final class GroupApi {
    private static final int MAX_USERS_PER_CALL = 1000;

    private final GroupRepository groups;
    private final Clock clock;

    public GroupApi(GroupRepository groups, Clock clock) {
        this.groups = groups;
        this.clock = clock;
    }

    public void registerOn(ApiDispatcher api) {
        api.register("/group/create.json", this::join)
           .register("/group/join.json", this::join)
           .register("/group/quit.json", this::quit)
           .register("/group/dismiss.json", this::dismiss)
           .register("/group/user/query.json", this::members)
           .register("/group/refresh.json", this::refresh);
    }

    /** Creates the group if it does not exist and adds the users. */
    Map<String, Object> join(ApiRequest r) {
        String groupId = r.userId("groupId");
        List<String> users = r.userIds("userId", MAX_USERS_PER_CALL);
        String name = r.optional("groupName", 128);
        try {
            groups.addMembers(r.app().appKey(), groupId, name, users, clock.millis(),
                    MessagingService.MAX_GROUP_MEMBERS);
        } catch (GroupFullException e) {
            throw ApiException.badParameter("a group has at most " + e.maxMembers() + " members");
        }
        return Map.of();
    }

    Map<String, Object> quit(ApiRequest r) {
        String groupId = r.userId("groupId");
        groups.removeMembers(r.app().appKey(), groupId, r.userIds("userId", MAX_USERS_PER_CALL));
        return Map.of();
    }

    Map<String, Object> dismiss(ApiRequest r) {
        r.userId("userId");
        groups.dismiss(r.app().appKey(), r.userId("groupId"));
        return Map.of();
    }

    Map<String, Object> members(ApiRequest r) {
        List<Map<String, String>> users = groups.members(r.app().appKey(), r.userId("groupId")).stream()
                .map(u -> Map.of("id", u)).toList();
        return Map.of("users", users);
    }

    Map<String, Object> refresh(ApiRequest r) {
        String groupId = r.userId("groupId");
        if (!groups.rename(r.app().appKey(), groupId, r.required("groupName", 128))) {
            throw ApiException.badParameter("no group " + groupId);
        }
        return Map.of();
    }
}
