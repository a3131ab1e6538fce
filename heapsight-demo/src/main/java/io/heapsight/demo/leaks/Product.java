package io.heapsight.demo.leaks;

/** What the caches hold: a product page rendered for one id (about 10 KB of description). */
public record Product(String id, String description, long loadedAtMs) {

    public static Product load(String id) {
        return new Product(id, Payloads.text(Payloads.TEN_KB), System.currentTimeMillis());
    }
}
