package io.heapsight.heap;

/** Receives progress of long phases (parsing, indexing, analyses); the CLI draws it as a bar on stderr. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (phase, done, total) -> {};

    /** {@code total} is -1 when unknown. Called from the working thread, at most every few percent. */
    void update(String phase, long done, long total);

    /** A one-line note for the user (e.g. a derived file refused and rebuilt); on stderr unless a front end shows it otherwise. */
    default void note(String message) {
        System.err.println("heapsight: " + message);
    }

    /** No progress shown; each note handed to {@code sink} (front ends with their own message area, tests). */
    static Progress notesTo(java.util.function.Consumer<String> sink) {
        return new Progress() {
            @Override
            public void update(String phase, long done, long total) {}

            @Override
            public void note(String message) {
                sink.accept(message);
            }
        };
    }
}
