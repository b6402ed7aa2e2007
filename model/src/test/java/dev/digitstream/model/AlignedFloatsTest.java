package dev.digitstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class AlignedFloatsTest {

    @Test
    void shouldLeaveRoomForTheBlockAfterItsOffsetWhenAllocating() {
        for (final int length : new int[] {1, 400, 40_000, 1_000_000}) {
            final AlignedFloats.Block block = AlignedFloats.allocate(length);

            assertThat(block.offset()).isBetween(0, AlignedFloats.CACHE_LINE_BYTES / Float.BYTES - 1);
            assertThat(block.array().length).isGreaterThanOrEqualTo(block.offset() + length);
        }
    }

    @Test
    void shouldStartBlocksAtElementTwelveOfHalfARegionWhenTheJvmRunsG1WithCompressedClassPointersAndClassicHeaders() {
        final HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        final long regionBytes =
                Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue());
        final boolean layoutKnown = "true".equals(vm.getVMOption("UseG1GC").getValue())
                && "true".equals(vm.getVMOption("UseCompressedClassPointers").getValue())
                && !compactObjectHeaders(vm)
                && regionBytes <= 8L << 20;

        final AlignedFloats.Block block = AlignedFloats.allocate(400);

        assertThat(AlignedFloats.aligned()).isEqualTo(layoutKnown);
        if (layoutKnown) {
            // 16 header bytes + 12 floats = 64: element 12 starts the array's second cache line, and the
            // array spans at least half a region, so that G1 places it at the start of a region.
            assertThat(block.offset()).isEqualTo(12);
            assertThat(16 + 4L * block.array().length).isGreaterThanOrEqualTo(regionBytes / 2);
        } else {
            assertThat(block.offset()).isZero();
            assertThat(block.array()).hasSize(400);
        }
    }

    private static boolean compactObjectHeaders(final HotSpotDiagnosticMXBean vm) {
        try {
            return "true".equals(vm.getVMOption("UseCompactObjectHeaders").getValue());
        } catch (IllegalArgumentException beforeJdk24) {
            return false;
        }
    }
}
