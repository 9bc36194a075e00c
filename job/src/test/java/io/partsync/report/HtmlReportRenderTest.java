package io.partsync.report;

import static io.partsync.report.HtmlReportTest.executor;
import static io.partsync.report.HtmlReportTest.report;
import static io.partsync.report.HtmlReportTest.table;
import static io.partsync.report.HtmlReportTest.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hand-built report as Chromium lays it out: what a person sees, not what the markup says. */
class HtmlReportRenderTest {
  private static final String HOSTILE = "db.<img src=x onerror=\"document.title='owned'\">&'t'";
  private static Chromium chromium;

  @TempDir
  Path dir;

  @BeforeAll
  static void startBrowser() throws Exception {
    chromium = Chromium.startIfInstalled();
  }

  @BeforeEach
  void needsBrowser() {
    Chromium.assumeRunning(chromium);
  }

  @AfterAll
  static void stopBrowser() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @Test
  void hostileNamesShowAsTextAndNothingRuns() throws Exception {
    RunReport report = report("FAILED", List.of(target("main", "FAILED", null)),
        List.of(table(HOSTILE, 2, 1, List.of(new RunReport.Failure("dt=<b>1</b>", "checksum <mismatch> & more")))),
        List.of(executor(0, 10, 10)), List.of());

    open(report);

    String text = chromium.evaluate("document.body.innerText").asText();
    assertTrue(text.contains(HOSTILE), text);
    assertTrue(text.contains("dt=<b>1</b>"), text);
    assertTrue(text.contains("checksum <mismatch> & more"), text);
    assertEquals(0, chromium.evaluate("document.querySelectorAll('img, b, script').length").asInt());
    assertTrue(chromium.evaluate("document.title").asText().startsWith("partsync FAILED"));
  }

  @Test
  void executorBarsAreAsLongAsTheirBytes() throws Exception {
    RunReport report = report("SUCCEEDED", List.of(target("main", "SUCCEEDED", null)),
        List.of(table("a.b", 3, 0, List.of())),
        List.of(executor(0, 300, 300), executor(1, 100, 100), executor(2, 0, 50)), List.of());

    open(report);

    JsonNode widths = chromium.evaluate("[...document.querySelectorAll('[data-executor] [data-bar=copied]')]"
        + ".map(bar => bar.getBoundingClientRect().width)");
    assertEquals(3, widths.size(), widths.toString());
    assertEquals(widths.get(0).asDouble(), 3 * widths.get(1).asDouble(), 0.5, widths.toString());
    assertEquals(0, widths.get(2).asDouble(), 0.01, widths.toString());
    assertTrue(widths.get(0).asDouble() > 100, "the largest bar is drawn large: " + widths);
  }

  private void open(RunReport report) throws Exception {
    Path page = dir.resolve("report.html");
    Files.writeString(page, HtmlReport.render(report));
    chromium.open(page);
  }
}
