package io.heapsight.heap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdListTest {

    private static long[] roundTrip(long[] ids) {
        IdList list = new IdList();
        for (long id : ids) list.add(id);
        assertThat(list.size()).isEqualTo(ids.length);
        long[] out = new long[ids.length + 2];
        list.copyTo(out, 2);
        return java.util.Arrays.copyOfRange(out, 2, out.length);
    }

    @Test
    void heapAddressesAroundTheFirstComeBackExactly() {
        int n = (1 << 20) + 77; // past one chunk
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) ids[i] = 0x7_05a0_0000L + 8L * ((i * 7919L) % n) - (8L << 20);
        assertThat(roundTrip(ids)).isEqualTo(ids);
    }

    @Test
    void anIdThatDoesNotFitWidensTheListWithoutLosingEarlierIds() {
        long[] unaligned = {0x1000, 0x1008, 0x1004, 0x2000};
        assertThat(roundTrip(unaligned)).isEqualTo(unaligned);

        long[] far = {0x1000, 0x1008, 0x1000 + (8L << 31), 0x1010}; // 16 GB above the first
        assertThat(roundTrip(far)).isEqualTo(far);

        long[] extremes = {Long.MAX_VALUE - 7, Long.MIN_VALUE, 0, -8, Long.MAX_VALUE - 15};
        assertThat(roundTrip(extremes)).isEqualTo(extremes);
    }

    @Test
    void theLargestDistancesThatFitComeBackExactly() {
        long first = 0x10_0000_0000L;
        long[] ids = {first, first + 8L * Integer.MAX_VALUE, first + 8L * Integer.MIN_VALUE, first - 8};
        assertThat(roundTrip(ids)).isEqualTo(ids);
    }

    @Test
    void theRangeOfSeveralListsIsTheRangeOfAllTheirIds() {
        long[][] parts = {{0x7000_0040L, 0x7000_0010L, 0x7000_0080L}, {0x6fff_ff00L, 0x7000_0200L}, {}, {0x7000_1000L}};
        java.util.List<IdList> lists = new java.util.ArrayList<>();
        long[] all = new long[6];
        int k = 0;
        for (long[] part : parts) {
            IdList list = new IdList();
            for (long id : part) {
                list.add(id);
                all[k++] = id;
            }
            lists.add(list);
        }
        DenseIdLookup.Range range = IdList.range(lists), expected = DenseIdLookup.Range.of(all, all.length);

        assertThat(range.min()).isEqualTo(0x6fff_ff00L).isEqualTo(expected.min());
        assertThat(range.max()).isEqualTo(0x7000_1000L).isEqualTo(expected.max());
        assertThat(Long.numberOfTrailingZeros(range.distances())).isEqualTo(4) // every distance a multiple of 16
                .isEqualTo(Long.numberOfTrailingZeros(expected.distances()));
    }
}
