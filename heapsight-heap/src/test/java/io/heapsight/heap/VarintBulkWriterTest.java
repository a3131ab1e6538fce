package io.heapsight.heap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The index writers' bulk paths (issue 12, round 3) write exactly what the one-value paths write: the bulk varint
 * encoder against hand-encoded bytes and against {@link VarintColumn.Writer#put(long)}, block tables and buffer flushes
 * included, and the bulk id cursor against its one-at-a-time form (bulk record offsets: RecordOffsetsTest).
 */
class VarintBulkWriterTest {
    @TempDir
    Path dir;

    /** Every length from 1 to 10 bytes, both sides of each boundary, and the zigzag codes of negative numbers. */
    private static final long[] EDGES = {0, 1, 127, 128, 255, 300, 16_383, 16_384, (1 << 21) - 1, 1 << 21, (1 << 28) - 1,
            1 << 28, (1L << 35) - 1, 1L << 35, (1L << 42) + 5, (1L << 56) - 1, 1L << 56, (1L << 63) - 1, Long.MAX_VALUE,
            -1, Long.MIN_VALUE, VarintColumn.zigzag(-1), VarintColumn.zigzag(-64), VarintColumn.zigzag(-65),
            VarintColumn.zigzag(Integer.MIN_VALUE), VarintColumn.zigzag(Long.MIN_VALUE)};

    @Test
    void bulkEncodingGivesTheBytesOfTheFormat() {
        // LEB128 by hand: 7 bits a byte, low group first, the high bit set on every byte but the last
        assertThat(encoded(0)).containsExactly(0x00);
        assertThat(encoded(127)).containsExactly(0x7F);
        assertThat(encoded(128)).containsExactly(0x80, 0x01);
        assertThat(encoded(300)).containsExactly(0xAC, 0x02);
        assertThat(encoded(16_384)).containsExactly(0x80, 0x80, 0x01);
        assertThat(encoded((1 << 28) - 1)).containsExactly(0xFF, 0xFF, 0xFF, 0x7F);
        assertThat(encoded(1 << 28)).containsExactly(0x80, 0x80, 0x80, 0x80, 0x01);
        assertThat(encoded(1L << 35)).containsExactly(0x80, 0x80, 0x80, 0x80, 0x80, 0x01);
        assertThat(encoded(-1)).containsExactly(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01);
        assertThat(encoded(VarintColumn.zigzag(-1))).containsExactly(0x01);
        assertThat(encoded(VarintColumn.zigzag(-65))).containsExactly(0x81, 0x01);
    }

    /** The bytes of one value through the bulk encoder, between two others so that overlapping stores would show. */
    private static int[] encoded(long v) {
        byte[] b = new byte[64];
        Arrays.fill(b, (byte) 0x55);
        int end = VarintColumn.encode(b, 0, new long[]{130, v, 3}, 0, 3);
        int[] out = new int[end - 3];
        for (int i = 0; i < out.length; i++) out[i] = b[2 + i] & 0xFF;
        assertThat(b[0] & 0xFF).isEqualTo(0x82);
        assertThat(b[1]).isEqualTo((byte) 0x01);
        assertThat(b[end - 1]).isEqualTo((byte) 3);
        return out;
    }

    @Test
    void bulkAndOneValueEncodersAgreeOnEveryEdgeValueInEveryPosition() {
        Random random = new Random(12);
        for (int round = 0; round < 2000; round++) {
            int n = 1 + random.nextInt(130);
            long[] v = new long[n];
            boolean small = random.nextInt(4) == 0; // all below 128: the byte-copy path
            for (int i = 0; i < n; i++) v[i] = small ? random.nextInt(128) : EDGES[random.nextInt(EDGES.length)];
            byte[] one = new byte[n * 10 + 8], bulk = new byte[n * 10 + 8];
            int p = 0;
            for (long x : v) p = VarintColumn.encode(one, p, x);
            int q = VarintColumn.encode(bulk, 0, v, 0, n);
            assertThat(q).as("length of %s", Arrays.toString(v)).isEqualTo(p);
            assertThat(Arrays.copyOf(bulk, q)).as("bytes of %s", Arrays.toString(v)).isEqualTo(Arrays.copyOf(one, p));
        }
    }

    @Test
    void bulkPutsWriteTheFileOfOneValuePutsWhateverTheSplitBlocksAndFlushes() throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        // 400k values, most of one or two bytes, some long runs of large ones: more than the writer's 1 MB buffer
        long[] values = new long[400_000];
        for (int i = 0; i < values.length; i++) {
            int kind = random.nextInt(10);
            if ((i / 1000) % 5 == 4) values[i] = random.nextLong() >>> random.nextInt(64); // a run of any lengths
            else if (kind < 6) values[i] = random.nextInt(128);
            else if (kind < 9) values[i] = random.nextInt(1 << 14);
            else values[i] = EDGES[random.nextInt(EDGES.length)];
        }
        for (boolean indexed : new boolean[]{true, false}) {
            for (int count : new int[]{0, 1, 63, 64, 65, 129, 4096, values.length}) {
                byte[] expected = column(values, count, indexed, (w, v, n) -> {
                    for (int i = 0; i < n; i++) w.put(v[i]);
                });
                for (int split : new int[]{1, 7, 63, 64, 65, 4096, Integer.MAX_VALUE}) {
                    byte[] actual = column(values, count, indexed, (w, v, n) -> {
                        for (int i = 0; i < n; ) {
                            int k = (int) Math.min(split, n - i);
                            if (k == 7) w.put(v[i++]); // a one-value put between bulk ones moves the block boundary
                            else {
                                w.put(v, i, k);
                                i += k;
                            }
                        }
                    });
                    assertThat(actual).as("%d values, indexed %s, split %d", count, indexed, split).isEqualTo(expected);
                }
                // and what was written reads back as the values
                if (indexed && count > 0) assertReadsBack(values, count);
            }
        }
    }

    private interface Fill {
        void fill(VarintColumn.Writer w, long[] values, int count) throws IOException;
    }

    private byte[] column(long[] values, int count, boolean indexed, Fill fill) throws IOException {
        Path f = Files.createTempFile(dir, "column", ".bin");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            IndexIO io = new IndexIO(ch, 0);
            VarintColumn.Writer w = io.column(count, indexed);
            fill.fill(w, values, count);
            w.finish();
        }
        return Files.readAllBytes(f);
    }

    private void assertReadsBack(long[] values, int count) throws IOException {
        Path f = Files.createTempFile(dir, "column", ".bin");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            VarintColumn.Writer w = new IndexIO(ch, 0).column(count, true);
            w.put(values, 0, count);
            w.finish();
            VarintColumn c = new IndexIO(ch, 0).readColumn(count, true);
            long[] all = new long[count];
            VarintColumn.Decoder d = c.decoder();
            d.longs(all, 0, count);
            d.finish();
            assertThat(all).isEqualTo(Arrays.copyOf(values, count));
            long[] block = new long[VarintColumn.BLOCK];
            for (int b = 0; b < c.blocks(); b += 97) {
                int k = c.readBlock(b, block, VarintColumn.blockScratch());
                assertThat(Arrays.copyOf(block, k)).isEqualTo(Arrays.copyOfRange(values, b * VarintColumn.BLOCK, b * VarintColumn.BLOCK + k));
            }
        }
    }

    @Test
    void bulkSortedIdsMatchTheOneAtATimeCursorAndTheShiftMatchesTheDifferences() {
        Random random = new Random(3);
        for (int strays : new int[]{0, 40}) {
            for (int align : new int[]{3, 4}) {
                int n = 20_000;
                long[] ids = new long[n];
                long at = 0x7_05a0_0000L;
                for (int i = 0; i < n; i++) ids[i] = at += (2 + random.nextInt(7)) << align;
                for (int s = 0; s < strays; s++) { // moved to the front, as HotSpot writes class mirrors first
                    int from = random.nextInt(n);
                    long t = ids[from];
                    System.arraycopy(ids, 0, ids, 1, from);
                    ids[0] = t;
                }
                long[] sortedCopy = ids.clone();
                Arrays.sort(sortedCopy);
                long or = 0;
                for (int i = 1; i < n; i++) or |= sortedCopy[i] - sortedCopy[i - 1];
                int expectedShift = Long.numberOfTrailingZeros(or);
                assertThat(expectedShift).isGreaterThanOrEqualTo(align);
                for (IdIndex index : List.of(IdIndex.build(ids.clone(), n), IdIndex.sorted(ids.clone(), n))) {
                    assertThat(index.deltaShift()).as("dense %s", index.isDense()).isEqualTo(expectedShift);
                    for (int chunk : new int[]{1, 63, 64, 1000, 4096, n + 5}) {
                        IdIndex.Cursor one = index.ascending(), bulk = index.ascending(), objectsOnly = index.ascending();
                        long[] got = new long[chunk];
                        int[] objects = new int[chunk], objects2 = new int[chunk];
                        int seen = 0;
                        for (int k; (k = bulk.next(got, objects, chunk)) > 0; seen += k) {
                            assertThat(objectsOnly.next(null, objects2, chunk)).isEqualTo(k);
                            for (int j = 0; j < k; j++) {
                                assertThat(one.next()).isTrue();
                                assertThat(got[j]).isEqualTo(one.id).isEqualTo(sortedCopy[seen + j]);
                                assertThat(objects[j]).isEqualTo(one.object).isEqualTo(objects2[j]);
                                assertThat(ids[objects[j]]).isEqualTo(got[j]);
                            }
                        }
                        assertThat(seen).as("dense %s, chunk %d", index.isDense(), chunk).isEqualTo(n);
                        assertThat(one.next()).isFalse();
                        assertThat(bulk.next(got, objects, chunk)).isZero();
                    }
                }
            }
        }
    }
}
