package io.partsync.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/** Writes reports (indented JSON, HTML) to, and reads them from, a local path or any Hadoop file system URI. */
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
      throw new IOException("cannot write " + destination + ": " + e.getMessage(), e);
    }
  }

  /** The text at {@code source}, a local path or a Hadoop file system URI; empty when there is no such file. */
  public static Optional<String> read(String source) throws IOException {
    if (!source.contains("://")) {
      Path path = Path.of(source);
      return Files.exists(path) ? Optional.of(Files.readString(path)) : Optional.empty();
    }
    URI uri = URI.create(source);
    try (FileSystem fs = FileSystem.newInstance(uri, new Configuration());
        InputStream in = fs.open(new org.apache.hadoop.fs.Path(uri))) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Removes the file at {@code destination}, a local path or a Hadoop file system URI, if there is one. */
  public static void delete(String destination) throws IOException {
    if (!destination.contains("://")) {
      Files.deleteIfExists(Path.of(destination));
      return;
    }
    URI uri = URI.create(destination);
    try (FileSystem fs = FileSystem.newInstance(uri, new Configuration())) {
      fs.delete(new org.apache.hadoop.fs.Path(uri), false);
    }
  }
}
