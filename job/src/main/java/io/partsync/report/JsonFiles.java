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

/** Writes reports (indented JSON, HTML) to a local path or any Hadoop file system URI. */
public final class JsonFiles {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonFiles() {}

  public static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  public static <T> T fromJson(String json, Class<T> type) throws IOException {
    return JSON.readValue(json, type);
  }

  /** Writes {@code text} to {@code destination}, replacing what is there; missing local directories are made. */
  public static void write(String text, String destination) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
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
      throw new IOException("cannot write the report to " + destination + ": " + e.getMessage(), e);
    }
  }
}
