package io.partsync.report;

import io.partsync.config.Sizes;
import java.util.Locale;

/** The human summary printed at the end of a run. */
public final class Summary {
  private Summary() {}

  public static String render(RunReport report) {
    StringBuilder out = new StringBuilder();
    RunReport.Totals totals = report.totals();
    out.append(String.format(Locale.ROOT, "partsync run %s: %s in %.1f s%n", report.runId(), report.status(),
        report.durationMillis() / 1000.0));
    out.append(String.format(Locale.ROOT, "  %d table(s), %d partition(s) (%d failed), %d file(s), %s, %.1f MB/s%n",
        totals.tables(), totals.partitions(), totals.partitionsFailed(), totals.files(),
        Sizes.human(totals.bytes()), totals.megabytesPerSecond()));
    RunReport.Bandwidth bandwidth = report.bandwidth();
    if (bandwidth != null) {
      out.append(String.format(Locale.ROOT, "  bandwidth cap: %s/s per executor; copy streams waited %.1f s for it%n",
          Sizes.human(bandwidth.effectivePerExecutorBytesPerSecond()), bandwidth.throttledMillis() / 1000.0));
    }
    RunReport.VerificationReport verification = report.verification();
    if (verification != null && verification.bytesReadBack() + verification.filesVerifiedByEtag()
        + verification.filesVerifiedByLengthOnly() > 0) {
      out.append(String.format(Locale.ROOT, "  verified: %d object-store copies by their ETag, %d by length only"
          + " (the store's ETag is no MD5), %s read back from the targets%n", verification.filesVerifiedByEtag(),
          verification.filesVerifiedByLengthOnly(), Sizes.human(verification.bytesReadBack())));
    }
    boolean several = report.targets().size() > 1;
    for (RunReport.TargetReport target : report.targets()) {
      if (several || target.error() != null) {
        out.append(String.format(Locale.ROOT, "  target %s: %s%s%n", target.name(), target.status(),
            target.error() != null ? ": " + target.error() : String.format(Locale.ROOT,
                ", %d table(s), %d partition(s) copied (%d failed), %s, lag %s", target.tables(),
                target.partitionsCopied(), target.partitionsFailed(), Sizes.human(target.bytes()),
                target.lagSeconds() == null ? "unknown" : target.lagSeconds() + " s")));
      }
    }
    for (RunReport.TableReport table : report.tables()) {
      out.append(String.format(Locale.ROOT,
          "  %s -> %s%s%s: %d copied, %d failed (%d added, %d altered), %d unchanged, %d dropped, %d files, %s%n",
          table.source(), table.target(), several ? " on " + table.targetCluster() : "",
          table.targetCreated() ? " (created)" : "", table.partitionsCopied(),
          table.partitionsFailed(), table.partitionsAdded(), table.partitionsAltered(), table.partitionsUnchanged(),
          table.partitionsDropped(), table.files(), Sizes.human(table.bytes())));
      if (table.tableMetadataUpdated() || table.partitionsMetadataUpdated() > 0) {
        out.append(String.format(Locale.ROOT, "    metadata updated from the source: %s%d partition(s)%n",
            table.tableMetadataUpdated() ? "the table, " : "", table.partitionsMetadataUpdated()));
      }
      RunReport.Selection selection = table.selection();
      if (selection != null) {
        out.append(String.format(Locale.ROOT, "    %d partition(s) selected by %s (the metastore sent %d, %s)%n",
            selection.selected(), selection.filter(), selection.listed(),
            selection.metastoreFilter() == null ? "unfiltered" : "filtered by " + selection.metastoreFilter()));
      }
      if (selection != null && selection.unreadable() != null && !selection.unreadable().isEmpty()) {
        out.append(String.format(Locale.ROOT, "    %d partition(s) not copied: the window's format does not read their"
            + " key value: %s%n", selection.unreadable().size(), abbreviate(selection.unreadable())));
      }
      if (!table.partitionsKept().isEmpty()) {
        out.append(String.format(Locale.ROOT, "    %d partition(s) gone from the source kept on the target: %s%n",
            table.partitionsKept().size(), abbreviate(table.partitionsKept())));
      }
      if (!table.readFromPrimary().isEmpty()) {
        out.append(String.format(Locale.ROOT, "    %d file(s) read from the source cluster, not the read replica: %s%n",
            table.readFromPrimary().size(), abbreviate(table.readFromPrimary())));
      }
      if (!table.partitionsRepaired().isEmpty()) {
        out.append(String.format(Locale.ROOT, "    %d partition(s) copied again because their target files had changed: %s%n",
            table.partitionsRepaired().size(), abbreviate(table.partitionsRepaired())));
      }
      if (table.columnStatsWritten() > 0) {
        out.append(String.format(Locale.ROOT, "    column statistics written for %d partition(s) or table(s)%n",
            table.columnStatsWritten()));
      }
      RunReport.Housekeeping housekeeping = table.housekeeping();
      if (housekeeping != null && (housekeeping.recorded() + housekeeping.removed() + housekeeping.pendingRecords()) > 0) {
        out.append(String.format(Locale.ROOT,
            "    housekeeping: %d superseded version(s) recorded, %d removed, %d record(s) in their grace period%n",
            housekeeping.recorded(), housekeeping.removed(), housekeeping.pendingRecords()));
      }
      if (housekeeping != null && housekeeping.uploadsAborted() > 0) {
        out.append(String.format(Locale.ROOT, "    housekeeping: %d open multipart upload(s) of an unclean run aborted%n",
            housekeeping.uploadsAborted()));
      }
      for (RunReport.Failure failure : table.failures()) {
        out.append("    FAILED ").append(failure.partition() == null ? "(table)" : failure.partition())
            .append(": ").append(failure.reason()).append(System.lineSeparator());
      }
    }
    for (RunReport.ViewReport view : report.views()) {
      out.append(String.format(Locale.ROOT, "  view %s -> %s on %s: %s%s%s%n", view.source(), view.target(),
          view.targetCluster(), view.action(), view.unreplicatedTables().isEmpty() ? ""
              : ", reads tables this run does not replicate: " + String.join(", ", view.unreplicatedTables()),
          view.reason() == null ? "" : " (" + view.reason() + ")"));
    }
    for (RunReport.ExecutorReport executor : report.executors()) {
      out.append(String.format(Locale.ROOT, "  executor %d on %s: %d partition(s), %s in %.1f s, peak buffer %s of %s%n",
          executor.executor(), executor.host(), executor.partitions().size(), Sizes.human(executor.bytesCopied()),
          executor.millis() / 1000.0, Sizes.human(executor.peakBufferBytes()),
          Sizes.human(executor.bufferBudgetBytes())));
    }
    return out.toString();
  }

  private static String abbreviate(java.util.List<String> names) {
    return names.size() <= 5 ? String.join(", ", names)
        : String.join(", ", names.subList(0, 5)) + " and " + (names.size() - 5) + " more";
  }
}
