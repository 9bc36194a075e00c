package io.partsync.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes the JSON run report, and the same report as an HTML page next to it, to a local path or any
 * Hadoop file system URI.
 */
public final class ReportWriter {
  private ReportWriter() {}

  public static String toJson(RunReport report) {
    return JsonFiles.toJson(report);
  }

  public static RunReport fromJson(String json) throws IOException {
    return JsonFiles.fromJson(json, RunReport.class);
  }

  /**
   * Where the HTML page of a report written to {@code jsonPath} goes: the same path with {@code .json}
   * replaced by {@code .html}, or with {@code .html} appended when it does not end in {@code .json}.
   */
  public static String htmlPath(String jsonPath) {
    String lower = jsonPath.toLowerCase(Locale.ROOT);
    return lower.endsWith(".json") ? jsonPath.substring(0, jsonPath.length() - ".json".length()) + ".html"
        : jsonPath + ".html";
  }

  /**
   * Why a report could not be written to {@code destination}, checked before the run so that a bad path
   * costs nothing: empty when it can. Local paths only; a file system URI is found out when writing.
   */
  public static Optional<String> whyNotWritable(String destination) {
    if (destination.contains("://")) {
      return Optional.empty();
    }
    Path path = Path.of(destination).toAbsolutePath();
    if (Files.isDirectory(path)) {
      return Optional.of(path + " is a directory");
    }
    if (Files.exists(path)) {
      return Files.isWritable(path) ? Optional.empty() : Optional.of(path + " is not writable");
    }
    Path ancestor = path.getParent();
    while (ancestor != null && !Files.exists(ancestor)) {
      ancestor = ancestor.getParent();
    }
    if (ancestor == null) {
      return Optional.of("no directory of " + path + " exists");
    }
    if (!Files.isDirectory(ancestor)) {
      return Optional.of(ancestor + " is a file, not a directory");
    }
    return Files.isWritable(ancestor) ? Optional.empty() : Optional.of("directory " + ancestor + " is not writable");
  }

  /**
   * Writes the JSON report to {@code destination}, then its HTML page to {@link #htmlPath}; the JSON
   * first, so that a failure writing the page never costs the machine-readable report.
   *
   * @return where the HTML page was written
   */
  public static String write(RunReport report, String destination) throws IOException {
    String html = htmlPath(destination);
    JsonFiles.write(toJson(report), destination);
    JsonFiles.write(HtmlReport.render(report), html);
    return html;
  }
}
