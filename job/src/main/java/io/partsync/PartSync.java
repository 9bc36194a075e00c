package io.partsync;

import io.partsync.config.ConfigException;
import io.partsync.config.ConfigLoader;
import io.partsync.config.SyncConfig;
import io.partsync.failure.FaultInjection;
import io.partsync.failure.Messages;
import io.partsync.report.JsonFiles;
import io.partsync.report.PlanReport;
import io.partsync.report.PlanSummary;
import io.partsync.report.ReportWriter;
import io.partsync.report.RunReport;
import io.partsync.report.Summary;
import io.partsync.run.RunOptions;
import io.partsync.run.SyncJob;
import io.partsync.security.Kerberos;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
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
    ExitCode code;
    try {
      code = main(args, System.out, System.err);
    } catch (Throwable e) {
      // Anything that escaped (Spark failing to start, an error of the JVM): still one line and a code.
      LOG.debug("partsync failed", e);
      code = fail(System.err, ExitCode.Outcome.of(e));
    }
    // Exiting explicitly on success would make YARN's cluster-mode ApplicationMaster report a failure.
    if (code != ExitCode.SUCCESS) {
      System.exit(code.code());
    }
  }

  private static ExitCode main(String[] args, PrintStream out, PrintStream err) {
    SyncConfig config;
    RunOptions options;
    try {
      if (args.length < 1 || args[0].startsWith("--")) {
        throw new IllegalArgumentException("usage: PartSync <config.yaml> [--dry-run] [--run-id <id>]");
      }
      options = RunOptions.parse(args, 1);
      config = ConfigLoader.load(Path.of(args[0]));
      checkLocalCores(new SparkConf(), config);
    } catch (ConfigException | IllegalArgumentException e) {
      return fail(err, ExitCode.CONFIG_ERROR, e.getMessage());
    }
    SparkSession spark = SparkSession.builder().appName("partsync").getOrCreate();
    try {
      return run(config, options, JavaSparkContext.fromSparkContext(spark.sparkContext()), out, err,
          Clock.systemUTC());
    } finally {
      spark.stop();
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
    try {
      checkReportDestination(config, options);
      if (options.dryRun()) {
        return dryRun(config, options, spark, out, err, clock);
      }
      RunReport report = Kerberos.runAs(config, () -> new SyncJob(config, options, spark, clock,
          FaultInjection.FROM_SYSTEM_PROPERTIES).run());
      out.print(Summary.render(report));
      if (config.reportPath().isPresent()) {
        String path = config.reportPath().get();
        try {
          out.println("  report: " + path + " (page: " + ReportWriter.write(report, path) + ")");
        } catch (IOException e) {
          LOG.debug("writing the report to {} failed", path, e);
          return fail(err, ExitCode.FAILED, "the run " + (report.succeeded() ? "succeeded" : "failed")
              + " but its report could not be written to " + path + ": " + Messages.firstLine(e)
              + "; fix 'report.json'");
        }
      }
      if (report.succeeded()) {
        return ExitCode.SUCCESS;
      }
      return fail(err, ExitCode.FAILED, failures(report) + "; see the FAILED lines above"
          + config.reportPath().map(p -> " and " + p).orElse(""));
    } catch (Exception e) {
      LOG.debug("partsync run failed", e);
      return fail(err, ExitCode.Outcome.of(e));
    }
  }

  /** A report that cannot be written is found out before the run, not after it. */
  private static void checkReportDestination(SyncConfig config, RunOptions options) {
    List<String> destinations = options.dryRun() ? List.of(planPath(config.reportPath()))
        : config.reportPath().map(p -> List.of(p, ReportWriter.htmlPath(p))).orElse(List.of());
    for (String destination : destinations) {
      ReportWriter.whyNotWritable(destination).ifPresent(why -> {
        throw new ConfigException("config error: 'report.json': cannot write " + destination + ": " + why
            + "; give a writable file path");
      });
    }
  }

  private static ExitCode dryRun(SyncConfig config, RunOptions options, JavaSparkContext spark, PrintStream out,
      PrintStream err, Clock clock) throws Exception {
    PlanReport plan = Kerberos.runAs(config, () -> new SyncJob(config, options, spark, clock,
        FaultInjection.FROM_SYSTEM_PROPERTIES).dryRun());
    out.print(PlanSummary.render(plan));
    String path = planPath(config.reportPath());
    JsonFiles.write(JsonFiles.toJson(plan), path);
    out.println("  plan: " + path);
    return plan.planned() ? ExitCode.SUCCESS : fail(err, ExitCode.FAILED, "some tables or targets cannot be"
        + " planned; see the FAILED lines above and " + path);
  }

  /** Beside the run report, so a scheduler finds both; in the working directory when there is none. */
  static String planPath(java.util.Optional<String> reportPath) {
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

  private static ExitCode fail(PrintStream err, ExitCode.Outcome outcome) {
    return fail(err, outcome.code(), outcome.reason());
  }

  private static ExitCode fail(PrintStream err, ExitCode code, String reason) {
    // One line whatever the reason holds: schedulers and people read the last line.
    String line = reason == null ? "unknown failure" : Messages.oneLine(reason);
    err.println("partsync: FAILED (exit " + code.code() + "): " + line);
    return code;
  }
}
