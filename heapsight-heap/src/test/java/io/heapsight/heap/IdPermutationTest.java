package io.heapsight.heap;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class IdPermutationTest {

    /** 0..n-1 with a few entries moved elsewhere, as class mirrors sorted in among the objects make it. */
    private static int[] nearlyIdentity(Random random, int n, int moves) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        for (int m = 0; m < moves; m++) {
            int a = random.nextInt(n), b = random.nextInt(n);
            int t = perm[a];
            perm[a] = perm[b];
            perm[b] = t;
        }
        return perm;
    }

    @Test
    void answersEveryPositionAsThePlainArrayDoesInBothForms() {
        Random random = new Random(11);
        for (int moves : new int[]{0, 3, 200, 30_000}) {
            int[] perm = nearlyIdentity(random, 100_000, moves);
            IdPermutation p = IdPermutation.of(perm.clone(), perm.length);
            IdPermutation.Cursor cursor = p.cursor();
            for (int pos = 0; pos < perm.length; pos++) {
                assertThat(p.at(pos)).as("at %d with %d moves", pos, moves).isEqualTo(perm[pos]);
                assertThat(cursor.at(pos)).isEqualTo(perm[pos]);
            }
        }
    }

    @Test
    void stretchEndCoversOnlyConsecutiveObjects() {
        int[] perm = {5, 6, 7, 0, 1, 2, 3, 4, 9, 8};
        IdPermutation.Cursor cursor = IdPermutation.of(perm, perm.length).cursor();
        assertThat(cursor.stretchEnd(0)).isEqualTo(3);
        assertThat(cursor.stretchEnd(2)).isEqualTo(3);
        assertThat(cursor.stretchEnd(3)).isEqualTo(8);
        assertThat(cursor.stretchEnd(8)).isEqualTo(9);
        assertThat(cursor.stretchEnd(9)).isEqualTo(10);
    }
}
