package io.heapsight.load;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Which URLs the driver may load. Loopback only unless remote targets are explicitly allowed: a load driver aimed at
 * somebody else's service by a typo is a denial-of-service tool.
 */
public final class TargetPolicy {
    private TargetPolicy() {}

    private static final String EXAMPLE = "http://127.0.0.1:8080/api/bigstring";
    private static final Set<String> SCHEMES = Set.of("http", "https", "ws", "wss");

    /** Checks the URL's shape and, unless {@code allowRemote}, that every address its host resolves to is loopback. */
    public static URI check(String url, boolean allowRemote) {
        URI uri;
        try {
            uri = new URI(url.replace("{n}", "0"));
        } catch (java.net.URISyntaxException e) {
            throw new LoadException(LoadException.Reason.BAD_TARGET, "not a URL: '" + url + "' (expected e.g. " + EXAMPLE + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme) || uri.getHost() == null) {
            throw new LoadException(LoadException.Reason.BAD_TARGET,
                    "target must be an http(s) or ws(s) URL with a host, e.g. " + EXAMPLE + "; got '" + url + "'");
        }
        if (!allowRemote && !isLoopback(uri.getHost())) {
            throw new LoadException(LoadException.Reason.REMOTE_NOT_ALLOWED, uri.getHost()
                    + " is not a loopback address; the load driver only targets this machine unless --allow-remote is given");
        }
        return uri;
    }

    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            InetAddress[] all = InetAddress.getAllByName(h);
            if (all.length == 0) {
                return false;
            }
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            throw new LoadException(LoadException.Reason.BAD_TARGET, "unknown host: " + h);
        }
    }
}
