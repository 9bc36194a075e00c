package io.partsync.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the report's two files go, and that older JSON reports still read. */
class ReportWriterTest {
  @TempDir
  Path dir;

  @Test
  void thePageGoesNextToTheJson() {
    assertEquals("/reports/run.html", ReportWriter.htmlPath("/reports/run.json"));
    assertEquals("hdfs://nn:8020/reports/run.html", ReportWriter.htmlPath("hdfs://nn:8020/reports/run.json"));
    assertEquals("/reports/run.html", ReportWriter.htmlPath("/reports/run.JSON"));
    assertEquals("/reports/latest.html", ReportWriter.htmlPath("/reports/latest"));
    assertEquals("/reports/run.json.txt.html", ReportWriter.htmlPath("/reports/run.json.txt"));
  }

  @Test
  void writesTheJsonAndThePageAndSaysWhere() throws Exception {
    RunReport report = HtmlReportTest.report("SUCCEEDED", List.of(HtmlReportTest.caughtUp("main")),
        List.of(HtmlReportTest.table("a.b", 1, 0, List.of())), List.of(HtmlReportTest.executor(0, 10, 10)), List.of(
            new RunReport.PartitionTiming("main", "a.b", "dt=1", 1, 10, 5, true)));
    Path json = dir.resolve("nested/report.json");

    String html = ReportWriter.write(report, json.toString());

    assertEquals(dir.resolve("nested/report.html").toString(), html);
    assertEquals(report, ReportWriter.fromJson(Files.readString(json)));
    assertEquals(HtmlReport.render(report), Files.readString(Path.of(html)));
  }

  @Test
  void aReportWrittenBeforeSlowestPartitionsExistedStillReads() throws Exception {
    RunReport report = HtmlReportTest.report("SUCCEEDED", List.of(), List.of(), List.of(), List.of());
    String older = ReportWriter.toJson(report).replaceAll(",\\s*\"slowestPartitions\"\\s*:\\s*\\[\\s*\\]", "");
    assertFalse(older.contains("slowestPartitions"), older);

    assertEquals(List.of(), ReportWriter.fromJson(older).slowestPartitions());
  }
}
