package dev.digitstream.trainer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The training curves as a PNG: losses by epoch on the left, test accuracy against wall time on the right. */
final class TrainingChart {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 420;

    private TrainingChart() {}

    static void writePng(final TrainingMetrics metrics, final OutputStream out) throws IOException {
        BitmapEncoder.saveBitmap(
                List.of(lossChart(metrics), accuracyChart(metrics)), 1, 2, out, BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart lossChart(final TrainingMetrics metrics) {
        final XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title("Loss")
                .xAxisTitle("epoch")
                .yAxisTitle("cross-entropy")
                .build();
        final double[] epochs = epochs(metrics);
        chart.addSeries("train", epochs, values(metrics, EpochMetrics::trainLoss))
                .setMarker(SeriesMarkers.CIRCLE);
        chart.addSeries("test", epochs, values(metrics, EpochMetrics::testLoss)).setMarker(SeriesMarkers.DIAMOND);
        chart.getStyler().setYAxisDecimalPattern("0.000");
        chart.getStyler().setXAxisDecimalPattern("0");
        return chart;
    }

    /** Test accuracy against wall-clock time: what a run costs, not only how many epochs it took. */
    private static XYChart accuracyChart(final TrainingMetrics metrics) {
        final XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(String.format(
                        Locale.ROOT,
                        "Test accuracy: best %.2f%% (epoch %d)",
                        metrics.testAccuracy() * 100,
                        metrics.bestEpoch()))
                .xAxisTitle("wall-clock seconds")
                .yAxisTitle("accuracy %")
                .build();
        final List<ProgressPoint> points = metrics.progress();
        chart.addSeries(
                        "test accuracy",
                        points.stream()
                                .mapToDouble(ProgressPoint::elapsedSeconds)
                                .toArray(),
                        points.stream().mapToDouble(p -> p.testAccuracy() * 100).toArray())
                .setMarker(SeriesMarkers.CIRCLE);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisDecimalPattern("0.00");
        chart.getStyler().setXAxisDecimalPattern("0");
        return chart;
    }

    private static double[] epochs(final TrainingMetrics metrics) {
        return values(metrics, EpochMetrics::epoch);
    }

    private static double[] values(
            final TrainingMetrics metrics, final java.util.function.ToDoubleFunction<EpochMetrics> value) {
        return metrics.history().stream().mapToDouble(value).toArray();
    }
}
