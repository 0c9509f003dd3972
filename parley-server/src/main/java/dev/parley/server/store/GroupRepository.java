package dev.parley.server.store;

import java.util.Collection;
import java.util.List;

/** Groups and their members. */
public final class GroupRepository {
    private final Jdbc jdbc;

    public GroupRepository(Database db) {
        this.jdbc = new Jdbc(db.dataSource());
    }

    /** Creates the group if needed (renaming it when a name is given) and adds the members. */
    public void addMembers(String appKey, String groupId, String name, Collection<String> userIds, long now) {
        jdbc.inTransaction(c -> {
            int renamed = Jdbc.update(c, "UPDATE chat_groups SET name = COALESCE(?, name) WHERE app_key = ? AND group_id = ?",
                    name, appKey, groupId);
            if (renamed == 0) {
                Jdbc.update(c, "INSERT INTO chat_groups (app_key, group_id, name, created_at) VALUES (?, ?, ?, ?)",
                        appKey, groupId, name, now);
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

    public boolean isMember(String appKey, String groupId, String userId) {
        return jdbc.queryOne("SELECT 1 FROM group_members WHERE app_key = ? AND group_id = ? AND user_id = ?",
                rs -> 1, appKey, groupId, userId).isPresent();
    }
}
