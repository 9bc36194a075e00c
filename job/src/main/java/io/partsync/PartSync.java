package io.partsync;

import io.partsync.config.ConfigException;
import io.partsync.config.ConfigLoader;
import io.partsync.config.SyncConfig;
import io.partsync.lock.LockHeldException;
import io.partsync.metastore.MetastoreUnavailableException;
import io.partsync.report.JsonFiles;
import io.partsync.report.PlanReport;
import io.partsync.report.PlanSummary;
import io.partsync.report.ReportWriter;
import io.partsync.report.RunReport;
import io.partsync.report.Summary;
import io.partsync.security.Kerberos;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The spark-submit entry point: {@code PartSync <config.yaml>}. */
public final class PartSync {
  private static final Logger LOG = LoggerFactory.getLogger(PartSync.class);

  private PartSync() {}

  public static void main(String[] args) {
    SyncConfig config;
    RunOptions options;
    try {
      if (args.length < 1 || args[0].startsWith("--")) {
        throw new IllegalArgumentException("usage: PartSync <config.yaml> [--dry-run] [--run-id <id>]");
      }
      options = RunOptions.parse(args, 1);
      config = ConfigLoader.load(Path.of(args[0]));
    } catch (ConfigException | IllegalArgumentException e) {
      fail(System.err, ExitCode.CONFIG_ERROR, e.getMessage());
      System.exit(ExitCode.CONFIG_ERROR.code());
      return;
    }
    SparkSession spark = SparkSession.builder().appName("partsync").getOrCreate();
    ExitCode code;
    try {
      code = run(config, options, JavaSparkContext.fromSparkContext(spark.sparkContext()), System.out, System.err,
          Clock.systemUTC());
    } finally {
      spark.stop();
    }
    // Exiting explicitly on success would make YARN's cluster-mode ApplicationMaster report a failure.
    if (code != ExitCode.SUCCESS) {
      System.exit(code.code());
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
      if (options.dryRun()) {
        return dryRun(config, options, spark, out, err, clock);
      }
      RunReport report = Kerberos.runAs(config, () -> new SyncJob(config, options, spark, clock).run());
      out.print(Summary.render(report));
      if (config.reportPath().isPresent()) {
        String html = ReportWriter.write(report, config.reportPath().get());
        out.println("  report: " + config.reportPath().get() + " (page: " + html + ")");
      }
      if (report.succeeded()) {
        return ExitCode.SUCCESS;
      }
      return fail(err, ExitCode.FAILED, failures(report) + "; see the FAILED lines above"
          + config.reportPath().map(p -> " and " + p).orElse(""));
    } catch (ConfigException e) {
      return fail(err, ExitCode.CONFIG_ERROR, e.getMessage());
    } catch (SyncRefusedException e) {
      return fail(err, ExitCode.REFUSED, e.getMessage());
    } catch (LockHeldException e) {
      return fail(err, ExitCode.LOCKED, e.getMessage());
    } catch (MetastoreUnavailableException e) {
      return fail(err, ExitCode.UNREACHABLE, e.getMessage());
    } catch (Exception e) {
      LOG.error("partsync run failed", e);
      return fail(err, ExitCode.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static ExitCode dryRun(SyncConfig config, RunOptions options, JavaSparkContext spark, PrintStream out,
      PrintStream err, Clock clock) throws Exception {
    PlanReport plan = Kerberos.runAs(config, () -> new SyncJob(config, options, spark, clock).dryRun());
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

  private static ExitCode fail(PrintStream err, ExitCode code, String reason) {
    err.println("partsync: FAILED (exit " + code.code() + "): " + reason);
    return code;
  }
}
