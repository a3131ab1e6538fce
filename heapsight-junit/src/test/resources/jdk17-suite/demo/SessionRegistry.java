package demo;

import java.util.HashMap;
import java.util.Map;

/** The leak a user's test should catch: every login keeps a 1 KB session that nothing removes. */
public final class SessionRegistry {
    static final Map<Integer, byte[]> SESSIONS = new HashMap<>();
    private static int next;

    private SessionRegistry() {}

    public static void login() {
        SESSIONS.put(next++, new byte[1024]);
    }

    /** Builds the same session but keeps nothing. */
    public static int loginAndForget() {
        byte[] session = new byte[1024];
        return session.length;
    }
}
