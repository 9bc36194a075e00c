package io.partsync.report;

import static io.partsync.report.Html.esc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The run report as one self-contained HTML page: inline CSS and SVG, no script, no external resource,
 * so it opens the same from a mail attachment, an HDFS download or a CI artifact. It leads with the
 * status and what went wrong, for whoever is woken by a failed run; the JSON report stays the complete
 * record. Every figure carries a {@code data-figure} (executor bars a {@code data-executor}) attribute.
 */
public final class HtmlReport {
  /** Partition failures listed per table; a run that failed thousands says the rest is in the JSON. */
  static final int FAILURES_PER_TABLE = 50;

  private static final String CSS = """
      :root{--ok:#1a7f37;--bad:#c62828;--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--pale:#f6f8fa}
      *{box-sizing:border-box}
      body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
        color:var(--ink);background:#fff}
      main{max-width:1100px;margin:0 auto;padding:0 20px 24px}
      .banner{display:flex;align-items:center;gap:20px;padding:16px 20px;color:#fff;background:var(--ok)}
      .banner.failed{background:var(--bad)}
      .banner .status{font-size:34px;font-weight:800;letter-spacing:.04em}
      .banner .why{font-size:17px;font-weight:600}
      .banner .meta{opacity:.92}
      code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
      h2{font-size:15px;margin:22px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line);
        text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
      .tiles{display:flex;flex-wrap:wrap;gap:10px;margin-top:16px}
      .tile{flex:1 1 130px;border:1px solid var(--line);border-radius:6px;padding:8px 12px;background:var(--pale)}
      .tile .value{font-size:22px;font-weight:700}
      .tile .label{color:var(--muted);font-size:12px}
      .tile.bad{border-color:var(--bad);background:#fdecea}
      .tile.bad .value{color:var(--bad)}
      .phases{color:var(--muted);font-size:12px;margin-top:8px}
      table{border-collapse:collapse;width:100%}
      th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
      th{font-size:12px;color:var(--muted);font-weight:600;background:var(--pale)}
      td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
      tr.failed td:first-child{box-shadow:inset 4px 0 var(--bad)}
      .ok{color:var(--ok);font-weight:700}
      .bad{color:var(--bad);font-weight:700}
      .note{color:var(--muted);font-size:12px}
      .errors li{margin:2px 0}
      .errors .where{font-weight:600}
      .none{color:var(--muted)}
      .chart{display:block;max-width:1060px}
      .chart text{font-size:12px;fill:var(--ink)}
      .chart .label{fill:var(--muted)}
      .chart .strong{font-weight:700}
      .chart .planned{fill:#dbe4ee}
      .chart .copied{fill:#2f6fbd}
      .legend{font-size:12px;color:var(--muted);margin-top:6px}
      .swatch{display:inline-block;width:10px;height:10px;margin:0 5px 0 12px;vertical-align:-1px}
      .swatch:first-child{margin-left:0}
      .swatch.copied{background:#2f6fbd}
      .swatch.planned{background:#dbe4ee}
      footer{color:var(--muted);font-size:12px;margin-top:24px}
      """;

  private HtmlReport() {}

  public static String render(RunReport report) {
    StringBuilder html = new StringBuilder(16_384);
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>partsync ").append(esc(report.status())).append(" \u00b7 run ").append(esc(report.runId()))
        .append("</title><style>").append(CSS).append("</style></head>\n<body>");
    html.append(banner(report)).append("<main>").append(summary(report)).append(errors(report))
        .append(targets(report)).append(tables(report)).append(executors(report)).append(slowest(report))
        .append("<footer>partsync report version ").append(report.reportVersion())
        .append(". Every figure, and every name in full, is in the JSON report next to this page.</footer>")
        .append("</main></body></html>\n");
    return html.toString();
  }

  private static String banner(RunReport report) {
    return "<header class=\"banner" + (report.succeeded() ? "" : " failed") + "\" data-section=\"status\">"
        + "<div class=\"status\" data-figure=\"status\">" + esc(report.status()) + "</div><div>"
        + "<div class=\"why\" data-figure=\"headline\">" + esc(headline(report)) + "</div>"
        + "<div class=\"meta\">run <code data-figure=\"run-id\">" + esc(report.runId()) + "</code> \u00b7 started "
        + "<span data-figure=\"started\">" + esc(Html.time(report.startedAt())) + "</span> \u00b7 finished "
        + "<span data-figure=\"finished\">" + esc(Html.time(report.finishedAt())) + "</span> \u00b7 took "
        + "<span data-figure=\"duration\">" + esc(Html.seconds(report.durationMillis())) + "</span></div>"
        + "</div></header>";
  }

  /** One line on what happened, the failures first. */
  private static String headline(RunReport report) {
    List<String> parts = new ArrayList<>();
    long failedTargets = report.targets().stream().filter(t -> t.error() != null).count();
    List<String> notSynced = report.tables().stream().filter(RunReport.TableReport::tableFailed)
        .map(RunReport.TableReport::source).distinct().toList();
    if (failedTargets > 0) {
      parts.add(failedTargets + " target(s) failed");
    }
    if (!notSynced.isEmpty()) {
      parts.add(notSynced.size() + " table(s) not synced: " + String.join(", ", notSynced));
    }
    if (report.totals().partitionsFailed() > 0) {
      parts.add(report.totals().partitionsFailed() + " partition(s) failed");
    }
    parts.add(copied(report) + " partition(s) copied, " + Html.bytes(report.totals().bytes()));
    return String.join("; ", parts);
  }

  private static int copied(RunReport report) {
    return report.tables().stream().mapToInt(RunReport.TableReport::partitionsCopied).sum();
  }

  private static String summary(RunReport report) {
    RunReport.Totals totals = report.totals();
    int unchanged = report.tables().stream().mapToInt(RunReport.TableReport::partitionsUnchanged).sum();
    StringBuilder html = new StringBuilder("<section id=\"summary\" data-section=\"summary\"><div class=\"tiles\">");
    html.append(tile("partitions-copied", Integer.toString(copied(report)), "partitions copied", false))
        .append(tile("partitions-failed", Integer.toString(totals.partitionsFailed()), "partitions failed",
            totals.partitionsFailed() > 0))
        .append(tile("partitions-unchanged", Integer.toString(unchanged), "partitions unchanged", false))
        .append(tile("files", Html.exact(totals.files()), "files copied", false))
        .append(tile("bytes", Html.bytes(totals.bytes()), Html.exact(totals.bytes()) + " bytes copied", false))
        .append(tile("throughput", String.format(Locale.ROOT, "%.1f MB/s", totals.megabytesPerSecond()),
            "over the whole run", false))
        .append(tile("tables", Integer.toString(totals.tables()), "tables", false))
        .append("</div>");
    if (!report.phasesMillis().isEmpty()) {
      html.append("<div class=\"phases\" data-figure=\"phases\">Phases: ").append(esc(report.phasesMillis()
          .entrySet().stream().map(e -> e.getKey() + " " + Html.seconds(e.getValue()))
          .collect(Collectors.joining(" \u00b7 ")))).append("</div>");
    }
    return html.append("</section>").toString();
  }

  private static String tile(String figure, String value, String label, boolean bad) {
    return "<div class=\"tile" + (bad ? " bad" : "") + "\" data-figure=\"" + figure + "\"><div class=\"value\">"
        + esc(value) + "</div><div class=\"label\">" + esc(label) + "</div></div>";
  }

  private static String errors(RunReport report) {
    List<String> items = new ArrayList<>();
    report.targets().stream().filter(t -> t.error() != null).forEach(t -> items.add(
        error("target-error", "target " + t.name(), t.error())));
    for (RunReport.TableReport table : report.tables()) {
      String where = table.source() + " \u2192 " + table.target() + " on " + table.targetCluster();
      table.failures().stream().filter(f -> f.partition() == null)
          .forEach(f -> items.add(error("table-error", where, f.reason())));
      List<RunReport.Failure> partitions = table.failures().stream().filter(f -> f.partition() != null).toList();
      partitions.stream().limit(FAILURES_PER_TABLE).forEach(f -> items.add(
          error("partition-error", table.target() + " " + f.partition() + " on " + table.targetCluster(), f.reason())));
      if (partitions.size() > FAILURES_PER_TABLE) {
        items.add("<li class=\"note\">and " + (partitions.size() - FAILURES_PER_TABLE) + " more partition(s) of "
            + esc(table.target()) + " failed; see the JSON report</li>");
      }
    }
    String body = items.isEmpty() ? "<p class=\"none\" data-figure=\"no-errors\">No errors.</p>"
        : "<ul class=\"errors\">" + String.join("", items) + "</ul>";
    long count = report.targets().stream().filter(t -> t.error() != null).count()
        + report.tables().stream().mapToLong(t -> t.failures().size()).sum();
    return section("errors", count == 0 ? "Errors" : "Errors (" + count + ")", body);
  }

  private static String error(String kind, String where, String reason) {
    return "<li data-figure=\"" + kind + "\"><span class=\"where\">" + esc(where) + "</span>: "
        + esc(reason == null ? "no reason given" : reason) + "</li>";
  }

  private static String targets(RunReport report) {
    StringBuilder rows = new StringBuilder();
    for (RunReport.TargetReport target : report.targets()) {
      boolean ok = "SUCCEEDED".equals(target.status());
      rows.append("<tr data-target=\"").append(esc(target.name())).append("\"").append(ok ? "" : " class=\"failed\"")
          .append(">").append(td(target.name())).append(statusCell(target.status()))
          .append(num(target.tables())).append(num(target.partitionsCopied())).append(num(target.partitionsFailed()))
          .append(num(Html.bytes(target.bytes()))).append(num(Html.lag(target.lagSeconds())))
          .append(td(target.error() == null ? "" : target.error())).append("</tr>");
    }
    return section("targets", "Targets", table(List.of("target", "status", "#tables", "#copied", "#failed",
        "#bytes", "#lag", "error"), rows));
  }

  private static String tables(RunReport report) {
    StringBuilder rows = new StringBuilder();
    for (RunReport.TableReport table : report.tables()) {
      rows.append("<tr data-table=\"").append(esc(table.target())).append("\"")
          .append(table.failures().isEmpty() ? "" : " class=\"failed\"").append(">")
          .append(td(table.source())).append(td(table.target())).append(td(table.targetCluster()))
          .append(num(table.partitionsCopied())).append(num(table.partitionsFailed()))
          .append(num(table.partitionsUnchanged())).append(num(table.partitionsDropped()))
          .append(num(Html.bytes(table.bytes()))).append("<td class=\"note\">").append(esc(notes(table)))
          .append("</td></tr>");
    }
    return section("tables", "Tables", table(List.of("source", "target", "cluster", "#copied", "#failed",
        "#unchanged", "#dropped", "#bytes", "notes"), rows));
  }

  /** What else is worth knowing about a table: how it was selected and read, and what the run did to it. */
  private static String notes(RunReport.TableReport table) {
    List<String> notes = new ArrayList<>();
    if (table.targetCreated()) {
      notes.add("target created");
    }
    RunReport.Selection selection = table.selection();
    if (selection != null) {
      notes.add(selection.selected() + " of " + selection.listed() + " partition(s) selected by " + selection.filter());
    }
    RunReport.Snapshot snapshot = table.snapshot();
    if (snapshot != null) {
      notes.add("snapshot " + snapshot.name() + (snapshot.diffFrom() == null ? ""
          : " (diff from " + snapshot.diffFrom() + ", " + snapshot.partitionsNotListed() + " not listed)"));
    }
    counted(notes, table.partitionsRepaired().size(), "repaired");
    counted(notes, table.partitionsKept().size(), "kept though gone from the source");
    counted(notes, table.readFromPrimary().size(), "file(s) read from the source, not the replica", "");
    return String.join("; ", notes);
  }

  private static void counted(List<String> notes, int count, String what) {
    counted(notes, count, what, " partition(s)");
  }

  private static void counted(List<String> notes, int count, String what, String unit) {
    if (count > 0) {
      notes.add(count + unit + " " + what);
    }
  }

  private static String executors(RunReport report) {
    if (report.executors().isEmpty()) {
      return section("executors", "Bytes per virtual executor",
          "<p class=\"none\" data-figure=\"no-executors\">Nothing was copied: no executor ran.</p>");
    }
    String legend = "<div class=\"legend\"><span class=\"swatch copied\"></span>bytes copied"
        + "<span class=\"swatch planned\"></span>bytes planned</div>";
    return section("executors", "Bytes per virtual executor",
        ExecutorChart.render(report.executors()) + legend);
  }

  private static String slowest(RunReport report) {
    if (report.slowestPartitions().isEmpty()) {
      return section("slowest", "Slowest partitions",
          "<p class=\"none\" data-figure=\"no-slowest\">No partition was copied.</p>");
    }
    StringBuilder rows = new StringBuilder();
    for (RunReport.PartitionTiming timing : report.slowestPartitions()) {
      rows.append("<tr data-figure=\"slow-partition\"").append(timing.succeeded() ? "" : " class=\"failed\"")
          .append(">").append(td(timing.table())).append("<td class=\"mono\">").append(esc(timing.partition()))
          .append("</td>").append(td(timing.targetCluster())).append(num(timing.files()))
          .append(num(Html.bytes(timing.bytes()))).append(num(Html.seconds(timing.millis())))
          .append(statusCell(timing.succeeded() ? "ok" : "FAILED")).append("</tr>");
    }
    return section("slowest", "Slowest partitions", table(List.of("table", "partition", "cluster", "#files",
        "#bytes", "#time", "result"), rows));
  }

  private static String section(String id, String title, String body) {
    return "<section id=\"" + id + "\" data-section=\"" + id + "\"><h2>" + esc(title) + "</h2>" + body + "</section>";
  }

  /** A table; a column name starting with '#' is numeric and right-aligned. */
  private static String table(List<String> columns, CharSequence rows) {
    if (rows.isEmpty()) {
      return "<p class=\"none\">None.</p>";
    }
    StringBuilder html = new StringBuilder("<table><thead><tr>");
    for (String column : columns) {
      boolean numeric = column.startsWith("#");
      html.append(numeric ? "<th class=\"num\">" : "<th>").append(esc(numeric ? column.substring(1) : column))
          .append("</th>");
    }
    return html.append("</tr></thead><tbody>").append(rows).append("</tbody></table>").toString();
  }

  private static String td(String text) {
    return "<td>" + esc(text == null ? "" : text) + "</td>";
  }

  private static String num(Object value) {
    return "<td class=\"num\">" + esc(value) + "</td>";
  }

  private static String statusCell(String status) {
    boolean ok = "SUCCEEDED".equals(status) || "ok".equals(status);
    return "<td class=\"" + (ok ? "ok" : "bad") + "\">" + esc(status) + "</td>";
  }
}
