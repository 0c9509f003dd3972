package dev.parley.server.store;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Groups and their members. */
public final class GroupRepository {
    private final Jdbc jdbc;

    public GroupRepository(Database db) {
        this.jdbc = new Jdbc(db.dataSource());
    }

    /**
     * Creates the group if needed (renaming it when a name is given) and adds the members, as
     * one step: the cap is checked inside the transaction that adds them, after the group's
     * row is locked, so concurrent joins cannot together take the group past
     * {@code maxMembers}. The row lock is an UPDATE, which both SQLite (one writer) and
     * PostgreSQL (row lock, the count re-read after it under READ COMMITTED) honour.
     *
     * @throws GroupFullException if the members after the call would be more than
     *         {@code maxMembers}; then nothing is changed (not even the name)
     */
    public void addMembers(String appKey, String groupId, String name, Collection<String> userIds, long now,
                           int maxMembers) {
        jdbc.inTransaction(c -> {
            Jdbc.update(c, "INSERT INTO chat_groups (app_key, group_id, name, created_at) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (app_key, group_id) DO NOTHING", appKey, groupId, name, now);
            Jdbc.update(c, "UPDATE chat_groups SET name = COALESCE(?, name) WHERE app_key = ? AND group_id = ?",
                    name, appKey, groupId);
            Set<String> after = new HashSet<>(Jdbc.query(c,
                    "SELECT user_id FROM group_members WHERE app_key = ? AND group_id = ?", rs -> rs.getString(1),
                    appKey, groupId));
            after.addAll(userIds);
            if (after.size() > maxMembers) {
                throw new GroupFullException(groupId, maxMembers);
            }
            for (String user : userIds) {
                Jdbc.update(c, "INSERT INTO group_members (app_key, group_id, user_id, joined_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (app_key, group_id, user_id) DO NOTHING", appKey, groupId, user, now);
            }
            return null;
        });
    }

    public void removeMembers(String appKey, String groupId, Collection<String> userIds) {
        jdbc.inTransaction(c -> {
            for (String user : userIds) {
                Jdbc.update(c, "DELETE FROM group_members WHERE app_key = ? AND group_id = ? AND user_id = ?", appKey,
                        groupId, user);
            }
            return null;
        });
    }

    public boolean dismiss(String appKey, String groupId) {
        return jdbc.inTransaction(c -> {
            Jdbc.update(c, "DELETE FROM group_members WHERE app_key = ? AND group_id = ?", appKey, groupId);
            return Jdbc.update(c, "DELETE FROM chat_groups WHERE app_key = ? AND group_id = ?", appKey, groupId) == 1;
        });
    }

    public boolean rename(String appKey, String groupId, String name) {
        return jdbc.update("UPDATE chat_groups SET name = ? WHERE app_key = ? AND group_id = ?", name, appKey,
                groupId) == 1;
    }

    public List<String> members(String appKey, String groupId) {
        return jdbc.query("SELECT user_id FROM group_members WHERE app_key = ? AND group_id = ? ORDER BY joined_at, user_id",
                rs -> rs.getString(1), appKey, groupId);
    }

    /**
     * Members who joined at or before {@code time}: those who received a message sent then
     * (a recall notice goes to them, not to members who joined later).
     */
    public List<String> membersJoinedBy(String appKey, String groupId, long time) {
        return jdbc.query("SELECT user_id FROM group_members WHERE app_key = ? AND group_id = ? AND joined_at <= ?"
                + " ORDER BY joined_at, user_id", rs -> rs.getString(1), appKey, groupId, time);
    }

    /** When the user (last) joined the group; empty if not a member. */
    public Optional<Long> joinedAt(String appKey, String groupId, String userId) {
        return jdbc.queryOne("SELECT joined_at FROM group_members WHERE app_key = ? AND group_id = ? AND user_id = ?",
                rs -> rs.getLong(1), appKey, groupId, userId);
    }
}
