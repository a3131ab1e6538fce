package io.heapsight.bench;

import org.eclipse.mat.parser.internal.SnapshotFactory;
import org.eclipse.mat.snapshot.ISnapshot;
import org.eclipse.mat.snapshot.model.IClass;
import org.eclipse.mat.util.VoidProgressListener;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * HAHA 1.3 (Eclipse MAT's 2015 parser without OSGi). Opening a snapshot parses the dump, builds MAT's index files
 * and computes the dominator tree (SnapshotFactory.parse calls calculateDominatorTree); then the class histogram
 * and the top retained objects are read from those indexes. The dump is reached through a symlink in a scratch
 * directory, so the index files land there and every run starts without them.
 */
final class HahaJob implements FullJob {
    @Override
    public String run(Path dump, int top, Path workDir) throws Exception {
        Path link = Files.createSymbolicLink(workDir.resolve("dump.hprof"), dump.toAbsolutePath());
        SnapshotFactory factory = new SnapshotFactory();
        ISnapshot snapshot = factory.openSnapshot(link.toFile(), Map.of(), new VoidProgressListener());
        Phases.done("parse+index+dominators");
        try {
            // class histogram: instances and shallow bytes per class
            long objects = 0;
            long shallow = 0;
            int classes = 0;
            for (IClass c : snapshot.getClasses()) {
                int[] ids = c.getObjectIds();
                objects += ids.length;
                shallow += snapshot.getHeapSize(ids);
                classes++;
            }
            Phases.done("histogram");
            // top retained: children of the dominator tree's virtual root, by retained size
            int[] roots = snapshot.getImmediateDominatedIds(-1);
            long[] retained = new long[roots.length];
            for (int i = 0; i < roots.length; i++) retained[i] = snapshot.getRetainedHeapSize(roots[i]);
            Arrays.sort(retained);
            Phases.done("top-retained");
            long biggest = retained.length == 0 ? 0 : retained[retained.length - 1];
            long topSum = 0;
            for (int i = retained.length - 1; i >= Math.max(0, retained.length - top); i--) topSum += retained[i];
            return "objects=" + objects + " classes=" + classes + " shallowBytes=" + shallow
                    + " dominatorRoots=" + roots.length + " biggestRetained=" + biggest
                    + " top" + top + "RetainedSum=" + topSum;
        } finally {
            factory.dispose(snapshot);
        }
    }
}
