package io.partsync.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** This checkout's {@code ./submit.sh} as a user without a Spark installation runs it: local mode, the built jar. */
final class SubmitScript {
  private SubmitScript() {}

  /** The checkout whose job module the tests run in. */
  static Path checkout() {
    return Path.of("").toAbsolutePath().getParent();
  }

  /** Starts {@code ./submit.sh <config>}, its stdout and stderr going to files of those names in {@code work}. */
  static Process start(Path config, Path work, Map<String, String> environment) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(checkout().resolve("submit.sh").toString(), config.toString())
        .directory(checkout().toFile())
        .redirectOutput(work.resolve("stdout").toFile())
        .redirectError(work.resolve("stderr").toFile());
    builder.environment().remove("SPARK_HOME");
    builder.environment().put("PARTSYNC_DRIVER_MEMORY", "1g");
    builder.environment().putAll(environment);
    return builder.start();
  }
}
