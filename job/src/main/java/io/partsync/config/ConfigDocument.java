package io.partsync.config;

import io.partsync.failure.Echo;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The YAML document of a config: the file's text, and its tree of nodes. A file or a text no config could be
 * (missing, binary, huge, an alias bomb) is refused in one line before anything reads a key.
 */
final class ConfigDocument {
  private ConfigDocument() {}

  /** The file's text; a file that is missing, a directory, unreadable, too large or not text is one line. */
  static String read(Path file) {
    String what = "config error: config file " + Echo.of(file.toString());
    if (Files.isDirectory(file)) {
      throw new ConfigException(what + " is a directory; give the path of a YAML file");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      // One byte past the limit is enough to refuse: a file given by mistake may be any size.
      bytes = in.readNBytes(Limits.MAX_FILE_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new ConfigException(what + " not found");
    } catch (AccessDeniedException e) {
      throw new ConfigException(what + " cannot be read: permission denied; make it readable by the user"
          + " running partsync");
    } catch (IOException e) {
      throw new ConfigException(what + " cannot be read: " + Echo.of(String.valueOf(e.getMessage())));
    }
    if (bytes.length > Limits.MAX_FILE_BYTES) {
      throw new ConfigException(what + " is larger than " + Limits.MAX_FILE_BYTES + " bytes (2 MiB), the"
          + " limit of a config; is it the right file?");
    }
    return text(bytes, what);
  }

  /** The root node of {@code yamlText}, composed within the limits that keep a hostile file harmless. */
  static Node compose(String yamlText, String sourceName) {
    try {
      Node node = new Yaml(new SafeConstructor(loaderOptions())).compose(new StringReader(yamlText));
      if (node == null) {
        throw new ConfigException("config error: " + sourceName + " is empty");
      }
      return node;
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new ConfigException("config error: " + sourceName + " is not valid YAML at line " + line + ": "
          + Echo.of(String.valueOf(e.getProblem()), 200));
    } catch (YAMLException e) {
      throw new ConfigException("config error: " + sourceName + " " + limitExceeded(e));
    }
  }

  /** Decodes UTF-8 strictly, refusing control characters YAML does not allow, naming the first bad byte. */
  private static String text(byte[] bytes, String what) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in, out, true);
    if (result.isError()) {
      throw new ConfigException(what + " is not UTF-8 text (byte " + hex(bytes[in.position()]) + " at offset "
          + in.position() + "); a config is a YAML text file");
    }
    String text = out.flip().toString();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f) {
        int offset = text.substring(0, i).getBytes(StandardCharsets.UTF_8).length;
        throw new ConfigException(what + " is binary, not YAML text (byte " + hex((byte) c) + " at offset "
            + offset + ")");
      }
    }
    return text;
  }

  private static String hex(byte b) {
    return String.format(Locale.ROOT, "0x%02x", b & 0xff);
  }

  /**
   * Limits that keep a hostile or mistaken file from exhausting the driver: an alias bomb ("billion laughs")
   * expands a few lines into billions of nodes; deep nesting overflows the stack.
   */
  private static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(Limits.MAX_COLLECTION_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(Limits.MAX_NESTING);
    options.setCodePointLimit(Limits.MAX_FILE_BYTES);
    return options;
  }

  /** SnakeYAML says which limit only in its message; each becomes a sentence naming our bound. */
  private static String limitExceeded(YAMLException e) {
    String problem = String.valueOf(e.getMessage());
    if (problem.startsWith("Number of aliases")) {
      return "uses more than " + Limits.MAX_COLLECTION_ALIASES + " aliases (*name) of lists or mappings, the"
          + " limit that stops an alias bomb; write those values out instead";
    }
    if (problem.startsWith("Nesting Depth")) {
      return "nests lists and mappings more than " + Limits.MAX_NESTING + " levels deep, the limit of a config";
    }
    if (problem.contains("exceeds the limit")) {
      return "is longer than " + Limits.MAX_FILE_BYTES + " characters, the limit of a config";
    }
    if (problem.startsWith("Recursive key")) {
      return "has a mapping that is its own key (a recursive alias), which a config cannot use";
    }
    return "is not valid YAML: " + Echo.of(problem, 200);
  }
}
