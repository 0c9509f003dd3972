package dev.parley.server.store;

import java.util.Optional;

/** Console administrator accounts (password hashes only). */
public final class AdminRepository {
    private final Jdbc jdbc;

    public AdminRepository(Database db) {
        this.jdbc = new Jdbc(db.dataSource());
    }

    public void upsert(String username, String passwordHash, long now) {
        jdbc.inTransaction(c -> {
            if (Jdbc.update(c, "UPDATE admin_accounts SET password_hash = ? WHERE username = ?", passwordHash,
                    username) == 0) {
                Jdbc.update(c, "INSERT INTO admin_accounts (username, password_hash, created_at) VALUES (?, ?, ?)",
                        username, passwordHash, now);
            }
            return null;
        });
    }

    public Optional<String> passwordHash(String username) {
        return jdbc.queryOne("SELECT password_hash FROM admin_accounts WHERE username = ?", rs -> rs.getString(1),
                username);
    }
}
