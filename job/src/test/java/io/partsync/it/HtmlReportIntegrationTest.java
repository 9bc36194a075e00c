package io.partsync.it;

import static io.partsync.it.HdfsFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.partsync.ExitCode;
import io.partsync.config.Sizes;
import io.partsync.demo.SourceTableWriter.Format;
import io.partsync.demo.SourceTableWriter;
import io.partsync.report.Chromium;
import io.partsync.report.ReportWriter;
import io.partsync.report.RunReport;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTML page a real run writes next to its JSON report, opened in headless Chromium: the laid-out
 * page must show that run's figures, taken from the JSON the same run wrote.
 */
class HtmlReportIntegrationTest {
  /** Where the screenshots are kept for a person to look at. */
  private static final Path SCREENSHOTS = Path.of("target", "html-report");
  private static Chromium chromium;
  private static Clusters clusters;

  @BeforeAll
  static void start() throws Exception {
    chromium = Chromium.startIfInstalled();
    if (chromium != null) { // without a browser the tests are skipped: no need for the clusters
      clusters = Clusters.get();
    }
  }

  @BeforeEach
  void needsBrowser() {
    Chromium.assumeRunning(chromium);
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @Test
  void thePageOfASuccessfulRunShowsItsFigures() throws Exception {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    sizes.put("2026-01-01", 64 << 10);
    sizes.put("2026-01-02", 512 << 10);
    sizes.put("2026-01-03", 2 << 20);
    sizes.put("2026-01-04", 5 << 20);
    sourceTable("html", "sizes", sizes, null);
    clusters.sourceTextTable("html", "clicks", 8);

    Clusters.Run run = clusters.run(clusters.config("tables:\n  - html.sizes\n  - html.clicks",
        "  count: 3\n  memory: 64m"));

    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    RunReport report = run.report();
    open(run);
    assertSummary(report);
    assertTableRows(report);
    assertExecutorBars(report);
    assertSlowestPartitions(report);
    assertEquals("No errors.", text("#errors p"));
    assertScreenshot("successful-run", true);
  }

  @Test
  void thePageOfAFailedRunShowsEveryError() throws Exception {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    sizes.put("fine", 4 << 10);
    sizes.put("<b>broken</b> & \"co\"", 8 << 10);
    sourceTable("html_fail", "orders", sizes, "<b>broken</b> & \"co\"");
    String yaml = Clusters.withTargetProperty(clusters.config("tables:\n  - html_fail.missing\n  - html_fail.orders",
        "  count: 2\n  memory: 64m"), "fs.hdfs.impl", CorruptingHdfs.class.getName());

    Clusters.Run run = clusters.run(yaml);

    assertEquals(ExitCode.FAILED, run.code(), run.toString());
    RunReport report = run.report();
    List<RunReport.Failure> failures = report.tables().stream().flatMap(t -> t.failures().stream()).toList();
    assertEquals(2, failures.size(), "the missing table and the corrupted partition: " + failures);
    open(run);
    assertSummary(report);
    List<String> errors = texts("#errors li");
    assertEquals(failures.size(), errors.size(), errors.toString());
    for (RunReport.Failure failure : failures) {
      assertTrue(errors.stream().anyMatch(e -> e.contains(failure.reason())
          && (failure.partition() == null || e.contains(failure.partition()))), failure + " not in " + errors);
    }
    assertEquals(0, chromium.evaluate("document.querySelectorAll('main b').length").asInt(),
        "a partition named like markup stays text");
    assertTableRows(report);
    assertScreenshot("failed-run", false);
  }

  private static void open(Clusters.Run run) {
    Path html = Path.of(ReportWriter.htmlPath(run.reportPath().toString()));
    assertTrue(Files.isRegularFile(html), "no HTML page next to " + run.reportPath());
    chromium.open(html);
  }

  private static void assertSummary(RunReport report) {
    RunReport.Totals totals = report.totals();
    assertEquals(report.status(), text("[data-figure=status]"));
    assertEquals(report.runId(), text("[data-figure=run-id]"));
    assertEquals(Integer.toString(report.tables().stream().mapToInt(RunReport.TableReport::partitionsCopied).sum()),
        text("[data-figure=partitions-copied] .value"));
    assertEquals(Integer.toString(totals.partitionsFailed()), text("[data-figure=partitions-failed] .value"));
    assertEquals(Sizes.human(totals.bytes()), text("[data-figure=bytes] .value"));
    assertEquals(String.format(Locale.ROOT, "%,d bytes copied", totals.bytes()), text("[data-figure=bytes] .label"));
    assertEquals(String.format(Locale.ROOT, "%,d", totals.files()), text("[data-figure=files] .value"));
    String body = text("body");
    assertTrue(body.contains(report.runId()) && body.contains(report.status()), body);
  }

  /** Each table of the report is one row, with its names and counts as the JSON has them. */
  private static void assertTableRows(RunReport report) {
    List<List<String>> expected = report.tables().stream().map(t -> List.of(t.source(), t.target(),
        t.targetCluster(), "" + t.partitionsCopied(), "" + t.partitionsFailed(), "" + t.partitionsUnchanged(),
        "" + t.partitionsDropped(), Sizes.human(t.bytes()))).toList();
    List<List<String>> shown = new ArrayList<>();
    for (JsonNode row : chromium.evaluate("[...document.querySelectorAll('#tables tbody tr')]"
        + ".map(tr => [...tr.cells].slice(0, 8).map(td => td.innerText))")) {
      List<String> cells = new ArrayList<>();
      row.forEach(cell -> cells.add(cell.asText()));
      shown.add(cells);
    }
    assertEquals(expected, shown);
  }

  /** One bar per executor, labelled with its bytes, and as long as its bytes relative to the others. */
  private static void assertExecutorBars(RunReport report) {
    JsonNode bars = chromium.evaluate("[...document.querySelectorAll('[data-executor]')].map(g => ({"
        + "executor: Number(g.dataset.executor),"
        + "copied: g.querySelector('[data-bar=copied]').getBoundingClientRect().width,"
        + "planned: g.querySelector('[data-bar=planned]').getBoundingClientRect().width,"
        + "label: g.querySelector('[data-figure=executor-bytes-copied]').textContent}))");
    List<RunReport.ExecutorReport> executors = report.executors();
    assertEquals(executors.size(), bars.size(), bars.toString());
    assertTrue(executors.stream().map(RunReport.ExecutorReport::bytesCopied).distinct().count() > 1,
        "the run should give executors different bytes, or bar order proves nothing: " + executors);
    Map<Integer, JsonNode> byExecutor = new LinkedHashMap<>();
    bars.forEach(bar -> byExecutor.put(bar.get("executor").asInt(), bar));
    String body = text("body");
    RunReport.ExecutorReport largest = executors.stream()
        .max(Comparator.comparingLong(RunReport.ExecutorReport::bytesCopied)).orElseThrow();
    double pixelsPerByte = byExecutor.get(largest.executor()).get("copied").asDouble() / largest.bytesCopied();
    assertTrue(byExecutor.get(largest.executor()).get("copied").asDouble() > 200, "largest bar drawn large: " + bars);
    for (RunReport.ExecutorReport executor : executors) {
      JsonNode bar = byExecutor.get(executor.executor());
      String human = Sizes.human(executor.bytesCopied());
      assertTrue(bar.get("label").asText().startsWith(human + " of " + Sizes.human(executor.plannedBytes())),
          bar.toString());
      assertTrue(bar.get("label").asText().contains(", predicted "), bar.toString());
      assertTrue(body.contains("executor " + executor.executor()) && body.contains(human), body);
      assertEquals(executor.bytesCopied() * pixelsPerByte, bar.get("copied").asDouble(), 1.0, bars.toString());
      assertEquals(executor.plannedBytes() * pixelsPerByte, bar.get("planned").asDouble(), 1.0, bars.toString());
    }
    for (RunReport.ExecutorReport a : executors) {
      for (RunReport.ExecutorReport b : executors) {
        if (a.bytesCopied() < b.bytesCopied()) {
          assertTrue(byExecutor.get(a.executor()).get("copied").asDouble()
              < byExecutor.get(b.executor()).get("copied").asDouble(), "bars ordered as bytes: " + bars);
        }
      }
    }
  }

  /** The JSON's slowest partitions are the run's copies by time, at most ten, shown in that order. */
  private static void assertSlowestPartitions(RunReport report) {
    List<RunReport.PartitionTiming> slowest = report.slowestPartitions();
    int copies = report.tables().stream().mapToInt(RunReport.TableReport::partitions).sum();
    assertTrue(copies > RunReport.SLOWEST_PARTITIONS, "enough partitions to cut: " + copies);
    assertEquals(RunReport.SLOWEST_PARTITIONS, slowest.size());
    assertTrue(IntStream.range(1, slowest.size()).allMatch(i -> slowest.get(i - 1).millis() >= slowest.get(i).millis()),
        slowest.toString());
    Set<String> tables = new HashSet<>();
    report.tables().forEach(t -> tables.add(t.target()));
    assertTrue(slowest.stream().allMatch(p -> tables.contains(p.table()) && p.succeeded()), slowest.toString());
    List<String> shown = new ArrayList<>();
    chromium.evaluate("[...document.querySelectorAll('#slowest tbody tr')].map(tr => tr.cells[0].innerText + ' '"
        + " + tr.cells[1].innerText + ' ' + tr.cells[4].innerText)").forEach(row -> shown.add(row.asText()));
    assertEquals(slowest.stream().map(p -> p.table() + " " + p.partition() + " " + Sizes.human(p.bytes())).toList(),
        shown);
  }

  /** A full-page PNG of the laid-out page: the page's size, with the status banner in its colour. */
  private static void assertScreenshot(String name, boolean succeeded) throws Exception {
    byte[] png = chromium.screenshot();
    Files.createDirectories(SCREENSHOTS);
    Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertTrue(image != null, "not a PNG");
    int pageWidth = chromium.evaluate("document.documentElement.scrollWidth").asInt();
    int pageHeight = chromium.evaluate("document.documentElement.scrollHeight").asInt();
    assertEquals(pageWidth, image.getWidth(), 1);
    assertEquals(pageHeight, image.getHeight(), 1);
    assertTrue(image.getHeight() > 600, "the whole page, not the window: " + image.getHeight());
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 50, "a flat image: " + colours.size() + " colours");
    int banner = image.getRGB(4, 4);
    int red = banner >> 16 & 0xff;
    int green = banner >> 8 & 0xff;
    assertTrue(succeeded ? green > red + 40 : red > green + 40,
        String.format(Locale.ROOT, "banner colour #%06x for %s", banner & 0xffffff, succeeded ? "success" : "failure"));
  }

  private static String text(String selector) {
    JsonNode text = chromium.evaluate("document.querySelector(" + json(selector) + ")?.innerText ?? null");
    assertFalse(text.isNull(), "nothing rendered at " + selector);
    return text.asText();
  }

  private static List<String> texts(String selector) {
    List<String> texts = new ArrayList<>();
    chromium.evaluate("[...document.querySelectorAll(" + json(selector) + ")].map(e => e.innerText)")
        .forEach(t -> texts.add(t.asText()));
    return texts;
  }

  private static String json(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /**
   * A source text table with one partition per entry (value to its size in bytes), each in a directory
   * of its own; the file of partition {@code corrupted} gets the name {@link CorruptingHdfs} corrupts.
   */
  private static void sourceTable(String database, String table, Map<String, Integer> sizes, String corrupted)
      throws Exception {
    String dir = clusters.source.defaultFs() + "/data/" + database + "_" + table;
    try (SourceTableWriter writer = clusters.sourceTables()) {
      writer.createTable(database, table, List.of("id int", "kind string"), List.of("dt string"), Format.TEXT, dir,
          Map.of());
      int p = 0;
      for (Map.Entry<String, Integer> partition : sizes.entrySet()) {
        String partitionDir = dir + "/p" + p++;
        String file = partition.getKey().equals(corrupted) ? CorruptingHdfs.MARKER + "_0" : "000000_0";
        write(clusters.sourceFs(), partitionDir + "/" + file, rows(partition.getValue()));
        writer.addPartition(database, table, List.of(partition.getKey()), partitionDir, Map.of());
      }
    }
  }

  private static String rows(int bytes) {
    StringBuilder rows = new StringBuilder(bytes);
    for (int id = 0; rows.length() < bytes; id++) {
      rows.append(id).append(id % 3 == 0 ? ",click\n" : ",view\n");
    }
    rows.setLength(bytes);
    return rows.toString();
  }
}
