package io.partsync.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The HTML page of hand-built reports, read as text: no browser needed. */
class HtmlReportTest {
  private static final String HOSTILE = "db.<script>alert(\"x&y\")</script>'t'";

  @Test
  void namesFromTheMetastoreAreEscapedEverywhere() {
    RunReport report = report("FAILED",
        List.of(target("dr", "FAILED", "refused <b>all</b> & more")),
        List.of(table(HOSTILE, 1, 1, List.of(new RunReport.Failure("dt=<x>&\"'", "bad \"<i>\" reason")))),
        List.of(executor(0, 5, 5)),
        List.of(new RunReport.PartitionTiming("dr", HOSTILE, "dt=<x>&\"'", 1, 5, 10, false)));

    String html = HtmlReport.render(report);

    assertFalse(html.contains("<script"), html);
    assertFalse(html.contains("<b>all"), html);
    assertFalse(html.contains("<i>"), html);
    assertFalse(html.contains("dt=<x>"), html);
    assertTrue(html.contains("db.&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt;&#39;t&#39;"), html);
    assertTrue(html.contains("dt=&lt;x&gt;&amp;&quot;&#39;"), html);
    assertTrue(html.contains("refused &lt;b&gt;all&lt;/b&gt; &amp; more"), html);
    assertTrue(html.contains("data-table=\"db.&lt;script&gt;"), "attribute values are escaped too");
  }

  @Test
  void aFailedRunHasEverySectionAndNamesEachError() {
    RunReport report = report("FAILED",
        List.of(target("main", "FAILED", null), target("dr", "FAILED", "metastore thrift://dr:9083 unreachable")),
        List.of(table("sales.orders", 3, 1, List.of(new RunReport.Failure("dt=2026-01-02", "CRC32C mismatch"))),
            table("sales.refunds", 0, 0, List.of(new RunReport.Failure(null, "source table is a view")))),
        List.of(executor(0, 300, 310), executor(1, 100, 90)),
        List.of(new RunReport.PartitionTiming("main", "sales.orders", "dt=2026-01-01", 2, 300, 1200, true),
            new RunReport.PartitionTiming("main", "sales.orders", "dt=2026-01-02", 1, 100, 700, false)));

    String html = HtmlReport.render(report);

    for (String section : List.of("status", "summary", "errors", "targets", "tables", "executors", "slowest")) {
      assertTrue(html.contains("data-section=\"" + section + "\""), "section " + section);
    }
    assertTrue(html.contains("class=\"banner failed\""));
    assertTrue(html.contains("metastore thrift://dr:9083 unreachable"));
    assertTrue(html.contains("source table is a view"));
    assertTrue(html.contains("CRC32C mismatch"));
    assertEquals(1, count(html, "data-figure=\"target-error\""));
    assertEquals(1, count(html, "data-figure=\"table-error\""));
    assertEquals(1, count(html, "data-figure=\"partition-error\""));
    assertEquals(2, count(html, "data-figure=\"slow-partition\""));
    assertTrue(html.contains("data-executor=\"0\"") && html.contains("data-executor=\"1\""));
    assertTrue(html.contains("1 table(s) not synced: sales.refunds"), html);
    assertTrue(html.contains("200 bytes copied"), "exact bytes beside the human figure");
  }

  @Test
  void barsShareOneScaleWithTheLargestFigure() {
    RunReport report = report("SUCCEEDED", List.of(target("main", "SUCCEEDED", null)),
        List.of(table("a.b", 2, 0, List.of())), List.of(executor(0, 400, 200), executor(1, 100, 100)), List.of());

    Map<String, Double> widths = barWidths(HtmlReport.render(report));

    assertEquals(4, widths.size(), widths.toString());
    assertEquals(widths.get("0/copied"), 4 * widths.get("1/copied"), 0.01);
    assertEquals(widths.get("0/planned"), 2 * widths.get("1/planned"), 0.01);
    assertEquals(widths.get("0/copied"), 2 * widths.get("0/planned"), 0.01);
  }

  @Test
  void aRunThatCopiedNothingRendersWithoutDividingByZero() {
    RunReport noExecutors = report("SUCCEEDED", List.of(caughtUp("main")),
        List.of(table("a.b", 0, 0, List.of())), List.of(), List.of());
    RunReport idleExecutors = report("SUCCEEDED", List.of(caughtUp("main")),
        List.of(table("a.b", 0, 0, List.of())), List.of(executor(0, 0, 0), executor(1, 0, 0)), List.of());

    String none = HtmlReport.render(noExecutors);
    String idle = HtmlReport.render(idleExecutors);

    assertTrue(none.contains("data-figure=\"no-executors\""));
    assertTrue(none.contains("data-figure=\"no-errors\""));
    assertTrue(none.contains("data-figure=\"no-slowest\""));
    for (String html : List.of(none, idle)) {
      assertFalse(html.contains("NaN") || html.contains("Infinity"), html);
    }
    barWidths(idle).values().forEach(width -> assertEquals(0.0, width));
  }

  @Test
  void thePageNeedsNothingFromOutside() {
    RunReport report = report("SUCCEEDED", List.of(caughtUp("main")),
        List.of(table("a.b", 1, 0, List.of())), List.of(executor(0, 10, 10)), List.of());

    String html = HtmlReport.render(report).replace("xmlns=\"http://www.w3.org/2000/svg\"", "");

    for (String external : List.of("<script", "<link", "src=", "url(", "@import", "http://", "https://")) {
      assertFalse(html.contains(external), external);
    }
  }

  private static Map<String, Double> barWidths(String html) {
    Map<String, Double> widths = new java.util.TreeMap<>();
    Matcher group = Pattern.compile("<g data-executor=\"(\\d+)\">(.*?)</g>").matcher(html);
    while (group.find()) {
      Matcher bar = Pattern.compile("data-bar=\"(\\w+)\"[^>]* width=\"([0-9.]+)\"").matcher(group.group(2));
      while (bar.find()) {
        widths.put(group.group(1) + "/" + bar.group(1), Double.parseDouble(bar.group(2)));
      }
    }
    return widths;
  }

  @Test
  void anExecutorHeldBackByTheBandwidthCapSaysHowLongItsStreamsWaited() {
    RunReport.ExecutorReport waited = new RunReport.ExecutorReport(0, "worker-0", List.of("a.b partition dt=0"), 300,
        300, 1024, 4096, 1500, 1400, 1, 0, 2500, null);
    String html = HtmlReport.render(report("SUCCEEDED", List.of(target("main", "SUCCEEDED", null)),
        List.of(table("sales.orders", 1, 0, List.of())), List.of(waited, executor(1, 100, 100)), List.of()));

    assertEquals(1, count(html, "for the bandwidth cap"), "only the executor that waited says so");
    assertTrue(html.contains("copy streams waited 2.5 s for the bandwidth cap"), html);
  }

  private static int count(String text, String needle) {
    return text.split(Pattern.quote(needle), -1).length - 1;
  }

  static RunReport report(String status, List<RunReport.TargetReport> targets, List<RunReport.TableReport> tables,
      List<RunReport.ExecutorReport> executors, List<RunReport.PartitionTiming> slowest) {
    int partitions = tables.stream().mapToInt(RunReport.TableReport::partitions).sum();
    int failed = tables.stream().mapToInt(RunReport.TableReport::partitionsFailed).sum();
    long bytes = tables.stream().mapToLong(RunReport.TableReport::bytes).sum();
    return new RunReport(RunReport.VERSION, "20261123T100000Z-3fa2c1", status, "2026-11-23T10:00:00.123Z",
        "2026-11-23T10:00:42Z", 42_000, Map.of("copy", 30_000L), new RunReport.Pipeline(1, 100L, 200),
        new RunReport.Totals(tables.size(), partitions, failed, partitions * 2L, bytes, bytes / 1e6 / 42),
        targets, tables, executors, slowest, List.of(), null, null, null);
  }

  static RunReport.TargetReport target(String name, String status, String error) {
    return new RunReport.TargetReport(name, status, error, 1, 2, 0, 200, error == null ? 0L : null);
  }

  static RunReport.TargetReport caughtUp(String name) {
    return new RunReport.TargetReport(name, "SUCCEEDED", null, 1, 0, 0, 0, 0L);
  }

  static RunReport.TableReport table(String name, int partitions, int failed, List<RunReport.Failure> failures) {
    int copied = Math.max(0, partitions - failed);
    return new RunReport.TableReport("main", name, name, "hdfs://target/data/" + name, false, partitions, copied,
        failed, copied, 0, 1, 0, List.of(), List.of(), copied * 2L, copied * 100L, null, new ArrayList<>(failures),
        null, List.of(), null, 0, false, 0);
  }

  static RunReport.ExecutorReport executor(int number, long copied, long planned) {
    return new RunReport.ExecutorReport(number, "worker-" + number, List.of("a.b partition dt=" + number), planned,
        copied, 1024, 4096, 1500, 1400, 1, 0, 0, null);
  }
}
