package io.heapsight.testkit.scenarios;

/**
 * The class a redeployed "application" consists of: {@link GrowthRedeploy} defines it anew in a fresh class loader per
 * deployment. Self-contained (refers to nothing else of the testkit) so a loader with only the platform loader as
 * parent can load it. Its static state weighs 256 KB: 16 + 262,144 bytes of byte[].
 */
public final class GrowthRedeployPlugin {
    static final byte[] STATE = new byte[256 * 1024];

    public GrowthRedeployPlugin() {}

    public int stateSize() {
        return STATE.length;
    }
}
