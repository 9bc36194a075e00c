package io.partsync.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/** Writes the JSON run report to a local path or any Hadoop file system URI. */
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

  public static void write(RunReport report, String destination) throws IOException {
    byte[] bytes = toJson(report).getBytes(StandardCharsets.UTF_8);
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
    }
  }
}
