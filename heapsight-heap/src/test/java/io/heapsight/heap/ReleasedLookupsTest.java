package io.heapsight.heap;

import io.heapsight.testkit.PrivateHeapsightCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dropping the id lookup and record offsets from memory once the index holds them: the answers stay the same whether
 * they are then read through the writer's own channel (taken while the index's graph columns are still being written)
 * or from the published file, and the index written meanwhile is whole.
 */
@ExtendWith(PrivateHeapsightCache.class)
class ReleasedLookupsTest {
    @TempDir
    Path dir;

    @AfterEach
    void noHook() {
        SnapshotIndex.afterLookupsOffered = null;
    }

    /** Every object's id, index by id and record offset, as the snapshot answers now. */
    private static long[][] answers(HeapSnapshot heap) {
        int n = heap.objectCount();
        long[] ids = new long[n], back = new long[n], offsets = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = heap.objectId(i);
            back[i] = heap.indexOfId(ids[i]);
            offsets[i] = heap.recordOffset(i);
        }
        return new long[][]{ids, back, offsets};
    }

    @Test
    void lookupsTakenWhileTheWriterIsStillWritingAnswerAsTheArraysDidAndTheIndexIsWhole() throws Exception {
        Path dump = IndexFormatTest.generated(dir.resolve("g.hprof"));
        CountDownLatch released = new CountDownLatch(1);
        CountDownLatch writerHeld = new CountDownLatch(1);
        // the writer stops right after offering the lookups until they are released: the early path, every time
        SnapshotIndex.afterLookupsOffered = () -> {
            writerHeld.countDown();
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try (HeapSnapshot heap = HeapSnapshot.open(dump, Progress.NONE)) {
            long[][] before = answers(heap);
            assertThat(writerHeld.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.exists(SnapshotIndex.fileFor(dump))).as("index not published yet").isFalse();

            assertThat(heap.releaseLookups()).isTrue();
            assertThat(heap.lookupsTakenFromWriter()).isTrue();
            assertThat(heap.idIndex()).isNull();
            assertThat(answers(heap)).isDeepEqualTo(before);

            released.countDown();
            heap.awaitIndex(); // the writer finished and published: the channel it handed on is still open
            assertThat(answers(heap)).isDeepEqualTo(before);
            SnapshotIndex.afterLookupsOffered = null;
            try (HeapSnapshot reopened = SnapshotIndex.load(dump, Progress.NONE)) {
                assertThat(reopened).as("the index written beside the taken lookups loads").isNotNull();
                assertThat(answers(reopened)).isDeepEqualTo(before);
            }
        }
    }

    @Test
    void lookupsReleasedAfterTheWriterFinishedAreReadFromTheFile() throws Exception {
        Path dump = IndexFormatTest.generated(dir.resolve("g.hprof"));
        try (HeapSnapshot heap = HeapSnapshot.open(dump, Progress.NONE)) {
            long[][] before = answers(heap);
            heap.awaitIndex();
            assertThat(heap.releaseLookups()).isTrue();
            assertThat(heap.lookupsTakenFromWriter()).isFalse();
            assertThat(answers(heap)).isDeepEqualTo(before);
        }
    }

    @Test
    void withoutAnIndexTheLookupsStayInMemory() throws Exception {
        Path dump = IndexFormatTest.generated(dir.resolve("g.hprof"));
        try (HeapSnapshot heap = HeapSnapshot.open(dump, Progress.NONE, OpenOptions.NO_INDEX)) {
            long[][] before = answers(heap);
            assertThat(heap.releaseLookups()).isFalse();
            assertThat(answers(heap)).isDeepEqualTo(before);
        }
    }
}
