package io.partsync;

import io.partsync.config.ConfigException;
import io.partsync.config.ConfigLoader;
import io.partsync.config.SyncConfig;
import io.partsync.failure.FaultInjection;
import io.partsync.failure.Messages;
import io.partsync.plan.RunId;
import io.partsync.report.JsonFiles;
import io.partsync.report.PlanReport;
import io.partsync.report.PlanSummary;
import io.partsync.report.ReportWriter;
import io.partsync.report.RunReport;
import io.partsync.report.RunStatus;
import io.partsync.report.Summary;
import io.partsync.run.RunOptions;
import io.partsync.run.SyncJob;
import io.partsync.security.Kerberos;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The spark-submit entry point: {@code PartSync <config.yaml>}. */
public final class PartSync {
  private static final Logger LOG = LoggerFactory.getLogger(PartSync.class);

  private PartSync() {}

  public static void main(String[] args) {
    Clock clock = Clock.systemUTC();
    Optional<String> statusPath = Optional.empty();
    Ending ending;
    try {
      // The config first, so that even a bad option is told in the status file.
      SyncConfig config = config(args);
      statusPath = config.statusPath();
      ending = start(config, args, System.out, System.err, clock);
    } catch (ConfigException e) {
      ending = fail(System.err, ExitCode.CONFIG_ERROR, e.getMessage(), Optional.empty());
    } catch (Throwable e) {
      // Anything that escaped (Spark failing to start, an error of the JVM): still one line and a code.
      LOG.debug("partsync failed", e);
      ending = fail(System.err, ExitCode.Outcome.of(e), Optional.empty());
    }
    // The status file is the driver's last act, so that in cluster deploy mode it tells the final code.
    ExitCode code = statusPath.isPresent() ? writeStatus(ending, statusPath.get(), System.err, clock)
        : ending.code();
    // Exiting explicitly on success would make YARN's cluster-mode ApplicationMaster report a failure.
    if (code != ExitCode.SUCCESS) {
      System.exit(code.code());
    }
  }

  private static SyncConfig config(String[] args) {
    if (args.length < 1 || args[0].startsWith("--")) {
      throw new ConfigException("usage: PartSync <config.yaml> [--dry-run] [--run-id <id>]");
    }
    try {
      return ConfigLoader.load(Path.of(args[0]));
    } catch (InvalidPathException e) {
      throw new ConfigException("config error: config file path '" + args[0] + "' is not a valid path: "
          + e.getReason());
    }
  }

  private static Ending start(SyncConfig config, String[] args, PrintStream out, PrintStream err, Clock clock) {
    RunOptions options;
    try {
      options = RunOptions.parse(args, 1);
      checkLocalCores(new SparkConf(), config);
    } catch (ConfigException | IllegalArgumentException e) {
      return fail(err, ExitCode.CONFIG_ERROR, e.getMessage(), Optional.empty());
    }
    SparkSession spark = SparkSession.builder().appName("partsync").getOrCreate();
    try {
      return end(config, options, JavaSparkContext.fromSparkContext(spark.sparkContext()), out, err, clock);
    } finally {
      spark.stop();
    }
  }

  /**
   * Writes the run's status to {@code report.status}. A run that succeeded but whose status cannot be written
   * fails, as one whose report cannot be written does: a scheduler reading the file would not know it succeeded.
   */
  static ExitCode writeStatus(Ending ending, String path, PrintStream err, Clock clock) {
    try {
      ending.status(clock.instant()).write(path);
      return ending.code();
    } catch (IOException | RuntimeException e) {
      LOG.debug("writing the status to {} failed", path, e);
      String why = "its status could not be written to " + path + ": " + Messages.firstLine(e) + "; fix 'report.status'";
      return ending.code() == ExitCode.SUCCESS ? fail(err, ExitCode.FAILED, "the run succeeded but " + why,
          ending.runId()).code() : fail(err, ending.code(), ending.reason() + "; and " + why, ending.runId()).code();
    }
  }

  /**
   * In local mode a virtual executor's task needs {@code executors.cores} of the driver's cores; asking for
   * more than there are makes Spark refuse to start with no word about partsync's setting.
   */
  static void checkLocalCores(SparkConf spark, SyncConfig config) {
    java.util.regex.Matcher local = java.util.regex.Pattern.compile("local\\[(\\d+|\\*)(,\\d+)?]")
        .matcher(spark.get("spark.master", ""));
    if (!local.matches() && !spark.get("spark.master", "").equals("local")) {
      return;
    }
    int cores = !local.matches() ? 1 : local.group(1).equals("*") ? Runtime.getRuntime().availableProcessors()
        : Integer.parseInt(local.group(1));
    int asked = Math.max(config.executors().cores(), spark.getInt("spark.task.cpus", 1));
    if (asked > cores) {
      throw new ConfigException("config error: 'executors.cores' asks for " + asked + " cores per virtual"
          + " executor, but Spark runs in local mode with " + cores + " (master " + spark.get("spark.master")
          + "); set 'executors.cores' to at most " + cores);
    }
  }

  /**
   * Runs one sync in the given Spark context, prints the summary to {@code out} and, on failure, a
   * last one-line reason to {@code err}.
   */
  public static ExitCode run(SyncConfig config, JavaSparkContext spark, PrintStream out, PrintStream err) {
    return run(config, spark, out, err, Clock.systemUTC());
  }

  /** As {@link #run(SyncConfig, JavaSparkContext, PrintStream, PrintStream)}, with the run's "now" given. */
  public static ExitCode run(SyncConfig config, JavaSparkContext spark, PrintStream out, PrintStream err,
      Clock clock) {
    return run(config, RunOptions.DEFAULT, spark, out, err, clock);
  }

  /** Runs as asked on the command line: a dry run, or with a scheduler's run id. */
  public static ExitCode run(SyncConfig config, RunOptions options, JavaSparkContext spark, PrintStream out,
      PrintStream err, Clock clock) {
    return end(config, options, spark, out, err, clock).code();
  }

  /** As {@link #run(SyncConfig, RunOptions, JavaSparkContext, PrintStream, PrintStream, Clock)}: how it ended. */
  static Ending end(SyncConfig config, RunOptions options, JavaSparkContext spark, PrintStream out,
      PrintStream err, Clock clock) {
    SyncJob job = new SyncJob(config, options, spark, clock, FaultInjection.FROM_SYSTEM_PROPERTIES);
    try {
      checkReportDestination(config, options);
      if (options.dryRun()) {
        return dryRun(config, job, out, err);
      }
      RunReport report = Kerberos.runAs(config, job::run);
      out.print(Summary.render(report));
      Optional<String> runId = Optional.of(report.runId());
      if (config.reportPath().isPresent()) {
        String path = config.reportPath().get();
        try {
          out.println("  report: " + path + " (page: " + ReportWriter.write(report, path) + ")");
        } catch (IOException e) {
          LOG.debug("writing the report to {} failed", path, e);
          return fail(err, ExitCode.FAILED, "the run " + (report.succeeded() ? "succeeded" : "failed")
              + " but its report could not be written to " + path + ": " + Messages.firstLine(e)
              + "; fix 'report.json'", runId);
        }
      }
      if (report.succeeded()) {
        return new Ending(ExitCode.SUCCESS, null, config.reportPath(), runId);
      }
      return fail(err, ExitCode.FAILED, failures(report) + "; see the FAILED lines above"
          + config.reportPath().map(p -> " and " + p).orElse(""), runId).withReport(config.reportPath());
    } catch (Exception e) {
      LOG.debug("partsync run failed", e);
      return fail(err, ExitCode.Outcome.of(e), job.runId().map(RunId::value).or(options::runId));
    }
  }

  /** A report or status that cannot be written is found out before the run, not after it. */
  private static void checkReportDestination(SyncConfig config, RunOptions options) {
    config.statusPath().flatMap(ReportWriter::whyNotWritable).ifPresent(why -> {
      throw new ConfigException("config error: 'report.status': cannot write " + config.statusPath().get() + ": "
          + why + "; give a writable file path");
    });
    List<String> destinations = options.dryRun() ? List.of(planPath(config.reportPath()))
        : config.reportPath().map(p -> List.of(p, ReportWriter.htmlPath(p))).orElse(List.of());
    for (String destination : destinations) {
      ReportWriter.whyNotWritable(destination).ifPresent(why -> {
        throw new ConfigException("config error: 'report.json': cannot write " + destination + ": " + why
            + "; give a writable file path");
      });
    }
  }

  private static Ending dryRun(SyncConfig config, SyncJob job, PrintStream out, PrintStream err) throws Exception {
    PlanReport plan = Kerberos.runAs(config, job::dryRun);
    out.print(PlanSummary.render(plan));
    String path = planPath(config.reportPath());
    JsonFiles.write(JsonFiles.toJson(plan), path);
    out.println("  plan: " + path);
    Optional<String> runId = job.runId().map(RunId::value);
    Ending ending = plan.planned() ? new Ending(ExitCode.SUCCESS, null, Optional.empty(), runId)
        : fail(err, ExitCode.FAILED, "some tables or targets cannot be planned; see the FAILED lines above and "
            + path, runId);
    return ending.withReport(Optional.of(path));
  }

  /** Beside the run report, so a scheduler finds both; in the working directory when there is none. */
  static String planPath(Optional<String> reportPath) {
    return reportPath.map(p -> (p.endsWith(".json") ? p.substring(0, p.length() - ".json".length()) : p)
        + ".plan.json").orElse("partsync-plan.json");
  }

  private static String failures(RunReport report) {
    List<String> tables = report.tables().stream().filter(RunReport.TableReport::tableFailed)
        .map(RunReport.TableReport::source).toList();
    String partitions = report.totals().partitionsFailed() + " partition(s) failed";
    return tables.isEmpty() ? partitions : tables.size() + " table(s) not synced (" + String.join(", ", tables)
        + "), " + partitions;
  }

  private static Ending fail(PrintStream err, ExitCode.Outcome outcome, Optional<String> runId) {
    return fail(err, outcome.code(), outcome.reason(), runId);
  }

  private static Ending fail(PrintStream err, ExitCode code, String reason, Optional<String> runId) {
    // One line whatever the reason holds: schedulers and people read the last line.
    String line = reason == null ? "unknown failure" : Messages.oneLine(reason);
    err.println("partsync: FAILED (exit " + code.code() + "): " + line);
    return new Ending(code, line, Optional.empty(), runId);
  }

  /**
   * How a run ended, as its status file tells it.
   *
   * @param reason the one line printed after {@code partsync: FAILED}; null on success
   * @param report where the run's report (or a dry run's plan) was written
   */
  record Ending(ExitCode code, String reason, Optional<String> report, Optional<String> runId) {
    Ending withReport(Optional<String> written) {
      return new Ending(code, reason, written, runId);
    }

    RunStatus status(Instant finishedAt) {
      return RunStatus.of(code.name(), code.code(), reason, report.orElse(null), runId.orElse(null), finishedAt);
    }
  }
}
