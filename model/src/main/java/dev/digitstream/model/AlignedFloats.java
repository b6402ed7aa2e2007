package dev.digitstream.model;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Float arrays in which one element, at {@link Block#offset()}, starts a 64-byte cache line, so that
 * 512-bit vector loads from there on never straddle two lines: on an Intel core with AVX-512 a split load
 * costs about two, and the classifier ran 1.33-1.41x faster at batch 256 with its weights aligned
 * (BENCHMARKS.md, "Issue 13, 2026-11-30 (third session)").
 *
 * <p>Java gives no addresses, but HotSpot's G1 collector puts an array of at least half a heap region (a
 * "humongous" object) at the start of a region, and moves it, if ever, only to another region's start.
 * With compressed class pointers (the default) an array's elements begin 16 bytes after its start, so
 * element 12 of such an array is aligned. Where that layout does not hold or cannot be read (another
 * collector, other object headers, regions so large that the padding would waste megabytes), the offset
 * is 0: every product is the same, only its loads may split.
 */
final class AlignedFloats {

    static final int CACHE_LINE_BYTES = 64;
    /** Where a humongous float[]'s elements start, with compressed class pointers: after a 16-byte header. */
    private static final int ELEMENTS_START_BYTES = 16;
    /** Beyond this, the padding to half a region costs more memory than alignment is worth. */
    private static final long MAX_PADDED_BYTES = 4L << 20;
    /** Half a G1 region in bytes where arrays that large are placed at a region's start; 0 where not. */
    private static final long HUMONGOUS_FROM_BYTES = humongousFromBytes();

    private AlignedFloats() {}

    /** An array of at least {@code offset + length} floats; element {@code offset} is the first of the block. */
    record Block(float[] array, int offset) {}

    /** A block of {@code length} floats, aligned to a cache line where the JVM's layout allows. */
    static Block allocate(final int length) {
        if (HUMONGOUS_FROM_BYTES == 0) {
            return new Block(new float[length], 0);
        }
        final int offset = (CACHE_LINE_BYTES - ELEMENTS_START_BYTES) / Float.BYTES;
        final long humongousFloats = (HUMONGOUS_FROM_BYTES - ELEMENTS_START_BYTES) / Float.BYTES + 1;
        return new Block(new float[(int) Math.max(offset + (long) length, humongousFloats)], offset);
    }

    /** Whether blocks are aligned in this JVM (G1, compressed class pointers, regions of at most 8 MB). */
    static boolean aligned() {
        return HUMONGOUS_FROM_BYTES > 0;
    }

    private static long humongousFromBytes() {
        try {
            final HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (vm == null
                    || !"true".equals(vm.getVMOption("UseG1GC").getValue())
                    || !"true"
                            .equals(vm.getVMOption("UseCompressedClassPointers").getValue())
                    || compactObjectHeaders(vm)) {
                return 0;
            }
            final long half = Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue()) / 2;
            return half <= MAX_PADDED_BYTES ? half : 0;
        } catch (RuntimeException | LinkageError e) {
            return 0; // not HotSpot, or no jdk.management module: no alignment, same results
        }
    }

    /** JDK 24's compact object headers (JEP 450) move where an array's elements start. */
    private static boolean compactObjectHeaders(final HotSpotDiagnosticMXBean vm) {
        try {
            return "true".equals(vm.getVMOption("UseCompactObjectHeaders").getValue());
        } catch (IllegalArgumentException noSuchOption) {
            return false; // before JDK 24
        }
    }
}
