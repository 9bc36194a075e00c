package io.partsync.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * This checkout's {@code ./submit.sh} as a user without a Spark installation runs it (local mode, the built jar),
 * or with the SPARK_HOME the environment names.
 */
final class SubmitScript {
  private SubmitScript() {}

  /** The checkout whose job module the tests run in. */
  static Path checkout() {
    return Path.of("").toAbsolutePath().getParent();
  }

  /** Starts {@code ./submit.sh <config>}, its stdout and stderr going to files of those names in {@code work}. */
  static Process start(Path config, Path work, Map<String, String> environment) throws IOException {
    return start(config, work, environment, List.of());
  }

  /** As {@link #start(Path, Path, Map)}, with {@code sparkOptions} after {@code --}. */
  static Process start(Path config, Path work, Map<String, String> environment, List<String> sparkOptions)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(checkout().resolve("submit.sh").toString(), config.toString()));
    if (!sparkOptions.isEmpty()) {
      command.add("--");
      command.addAll(sparkOptions);
    }
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(checkout().toFile())
        .redirectOutput(work.resolve("stdout").toFile())
        .redirectError(work.resolve("stderr").toFile());
    builder.environment().remove("SPARK_HOME");
    builder.environment().put("PARTSYNC_DRIVER_MEMORY", "1g");
    builder.environment().putAll(environment);
    return builder.start();
  }
}
