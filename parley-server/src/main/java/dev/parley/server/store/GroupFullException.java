package dev.parley.server.store;

/** Adding members would take a group past its cap; nothing of that call was stored. */
public final class GroupFullException extends RuntimeException {
    private final int maxMembers;

    public GroupFullException(String groupId, int maxMembers) {
        super("group " + groupId + " would exceed " + maxMembers + " members", null, false, false);
        this.maxMembers = maxMembers;
    }

    public int maxMembers() {
        return maxMembers;
    }
}
