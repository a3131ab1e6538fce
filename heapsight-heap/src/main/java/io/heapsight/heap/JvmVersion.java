package io.heapsight.heap;

/**
 * The release of the JVM that wrote a dump, as its system properties tell ({@code java.version}: "1.6.0_18",
 * "11.0.4", "25"). The feature release picks the field layout rules; 0 means the dump did not say.
 */
public record JvmVersion(int feature, int update, String text) {
    public static final JvmVersion UNKNOWN = new JvmVersion(0, 0, "");

    public boolean known() {
        return feature > 0;
    }

    /**
     * Parses a java.version or java.specification.version value: "1.5.0_13" and "1.8" are 5 and 8 (the "1." era),
     * "11.0.4", "17-ea", "25+36" are 11, 17, 25. Anything else is {@link #UNKNOWN}.
     */
    public static JvmVersion parse(String version) {
        if (version == null) return UNKNOWN;
        String v = version.strip();
        int[] nums = new int[4];
        int count = 0;
        int i = 0;
        while (i < v.length() && count < nums.length) {
            int start = i;
            while (i < v.length() && Character.isDigit(v.charAt(i)) && i - start < 6) i++;
            if (i == start) break;
            nums[count++] = Integer.parseInt(v.substring(start, i));
            if (i < v.length() && v.charAt(i) == '.') i++;
            else break;
        }
        if (count == 0) return UNKNOWN;
        int feature = nums[0] == 1 && count >= 2 ? nums[1] : nums[0];
        if (feature < 1 || feature > 999) return UNKNOWN;
        int update = 0;
        int underscore = v.indexOf('_');
        if (nums[0] == 1 && underscore > 0) {
            int j = underscore + 1;
            while (j < v.length() && Character.isDigit(v.charAt(j)) && j - underscore <= 6) j++;
            if (j > underscore + 1) update = Integer.parseInt(v.substring(underscore + 1, j));
        } else if (nums[0] != 1 && count >= 3) {
            update = nums[2];
        }
        return new JvmVersion(feature, update, v.length() > 40 ? v.substring(0, 40) : v);
    }

    @Override
    public String toString() {
        return known() ? "JDK " + feature : "unknown JDK";
    }
}
