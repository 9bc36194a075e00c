package io.partsync.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Writes the JSON run report, and the same report as an HTML page next to it, to a local path or any
 * Hadoop file system URI.
 */
public final class ReportWriter {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportWriter() {}

  public static String toJson(RunReport report) {
    try {
      return JSON.writeValueAsString(report);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize the run report", e);
    }
  }

  public static RunReport fromJson(String json) throws IOException {
    return JSON.readValue(json, RunReport.class);
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
   * Writes the JSON report to {@code destination}, then its HTML page to {@link #htmlPath}; the JSON
   * first, so that a failure writing the page never costs the machine-readable report.
   *
   * @return where the HTML page was written
   */
  public static String write(RunReport report, String destination) throws IOException {
    String html = htmlPath(destination);
    writeFile(destination, toJson(report).getBytes(StandardCharsets.UTF_8));
    writeFile(html, HtmlReport.render(report).getBytes(StandardCharsets.UTF_8));
    return html;
  }

  private static void writeFile(String destination, byte[] bytes) throws IOException {
    if (!destination.contains("://")) {
      Path path = Path.of(destination).toAbsolutePath();
      Files.createDirectories(path.getParent());
      Files.write(path, bytes);
      return;
    }
    URI uri = URI.create(destination);
    try (FileSystem fs = FileSystem.newInstance(uri, new Configuration());
        OutputStream out = fs.create(new org.apache.hadoop.fs.Path(uri), true)) {
      out.write(bytes);
    } catch (IOException e) {
      throw new IOException("cannot write the run report to " + destination + ": " + e.getMessage(), e);
    }
  }
}
