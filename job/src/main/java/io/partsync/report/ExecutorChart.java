package io.partsync.report;

import static io.partsync.report.Html.esc;

import java.util.List;
import java.util.Locale;

/**
 * The bytes of each virtual executor as an inline SVG bar chart: one row per executor, the bytes it
 * copied as a solid bar over a pale one for the bytes planned for it, so a skewed plan or a straggler
 * shows at a glance. All rows share one scale.
 */
final class ExecutorChart {
  /** The page's content width, so the chart is drawn 1:1 there and scales down on narrower screens. */
  private static final int WIDTH = 1060;
  private static final int LABEL_WIDTH = 100;
  private static final int BAR_WIDTH = 480;
  private static final int ROW_HEIGHT = 26;
  private static final int BAR_HEIGHT = 16;

  private ExecutorChart() {}

  static String render(List<RunReport.ExecutorReport> executors) {
    long max = executors.stream().mapToLong(e -> Math.max(e.bytesCopied(), e.plannedBytes())).max().orElse(0);
    int height = executors.size() * ROW_HEIGHT + 4;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg class=\"chart\" data-figure=\"executor-bytes\" role=\"img\""
        + " width=\"100%%\" viewBox=\"0 0 %d %d\" xmlns=\"http://www.w3.org/2000/svg\""
        + " aria-label=\"bytes copied and planned per virtual executor\">", WIDTH, height));
    for (int i = 0; i < executors.size(); i++) {
      row(svg, executors.get(i), i * ROW_HEIGHT + 2, max);
    }
    return svg.append("</svg>").toString();
  }

  private static void row(StringBuilder svg, RunReport.ExecutorReport executor, int top, long max) {
    int barTop = top + (ROW_HEIGHT - BAR_HEIGHT) / 2;
    int baseline = barTop + BAR_HEIGHT - 3;
    double planned = scale(executor.plannedBytes(), max);
    double copied = scale(executor.bytesCopied(), max);
    svg.append("<g data-executor=\"").append(executor.executor()).append("\">")
        .append("<title>").append(esc(tooltip(executor))).append("</title>")
        .append(String.format(Locale.ROOT, "<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"end\">executor %d</text>",
            LABEL_WIDTH - 10, baseline, executor.executor()))
        .append(String.format(Locale.ROOT, "<rect class=\"planned\" data-bar=\"planned\" data-bytes=\"%d\""
            + " x=\"%d\" y=\"%d\" width=\"%.2f\" height=\"%d\"/>", executor.plannedBytes(), LABEL_WIDTH, barTop,
            planned, BAR_HEIGHT))
        .append(String.format(Locale.ROOT, "<rect class=\"copied\" data-bar=\"copied\" data-bytes=\"%d\""
            + " x=\"%d\" y=\"%d\" width=\"%.2f\" height=\"%d\"/>", executor.bytesCopied(), LABEL_WIDTH,
            barTop + 3, copied, BAR_HEIGHT - 6))
        .append(String.format(Locale.ROOT, "<text class=\"value\" data-figure=\"executor-bytes-copied\" x=\"%d\" y=\"%d\">",
            LABEL_WIDTH + BAR_WIDTH + 10, baseline))
        .append("<tspan class=\"strong\">").append(esc(Html.bytes(executor.bytesCopied()))).append("</tspan>")
        .append(esc(" of " + Html.bytes(executor.plannedBytes()) + " planned \u00b7 "
            + executor.partitions().size() + " partition(s) \u00b7 busy " + Html.seconds(executor.millis())
            + ", predicted " + Html.seconds(executor.predictedMillis()) + " \u00b7 " + executor.host()))
        .append("</text></g>");
  }

  /** Width in the chart's units; all zero when nothing was planned or copied. */
  private static double scale(long bytes, long max) {
    return max <= 0 ? 0 : (double) bytes * BAR_WIDTH / max;
  }

  private static String tooltip(RunReport.ExecutorReport executor) {
    return String.format(Locale.ROOT, "executor %d on %s: %s bytes copied, %s planned, peak buffer %s of %s,"
        + " %d copy task(s), %d partition(s) taken over from slower executors", executor.executor(), executor.host(),
        Html.exact(executor.bytesCopied()), Html.exact(executor.plannedBytes()), Html.bytes(executor.peakBufferBytes()),
        Html.bytes(executor.bufferBudgetBytes()), executor.tasks(), executor.movedIn())
        + (executor.throttledMillis() == 0 ? "" : ", copy streams waited " + Html.seconds(executor.throttledMillis())
            + " for the bandwidth cap");
  }
}
