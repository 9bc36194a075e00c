package io.partsync.report;

import io.partsync.config.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A dry run's plan as a table a person reads: per table, each partition and what would happen to it. */
public final class PlanSummary {
  private static final int SHOWN_PER_LIST = 20;

  private PlanSummary() {}

  public static String render(PlanReport plan) {
    StringBuilder out = new StringBuilder();
    PlanReport.Totals totals = plan.totals();
    out.append(String.format(Locale.ROOT, "partsync dry run %s: %s in %.1f s; nothing was written%n", plan.runId(),
        plan.status(), plan.durationMillis() / 1000.0));
    out.append(String.format(Locale.ROOT, "  would copy %d partition(s), %d file(s), %s; %d unchanged; %d to drop%n",
        totals.partitionsToCopy(), totals.files(), Sizes.human(totals.bytes()), totals.partitionsUnchanged(),
        totals.partitionsToDrop()));
    plan.failedTargets().forEach(t -> out.append("  target ").append(t.name()).append(": FAILED: ")
        .append(t.error()).append('\n'));
    plan.tables().forEach(table -> table(out, table));
    if (!plan.executors().isEmpty()) {
      out.append("  virtual executors:\n");
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"executor", "partitions", "files", "bytes", "predicted"});
      plan.executors().forEach(e -> rows.add(new String[] {Integer.toString(e.executor()),
          Integer.toString(e.partitions()), Integer.toString(e.files()), Sizes.human(e.bytes()),
          seconds(e.predictedMillis())}));
      columns(out, "    ", rows);
    }
    return out.toString();
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  private static void table(StringBuilder out, PlanReport.TableChanges table) {
    out.append(String.format(Locale.ROOT, "  %s -> %s on %s%s%n", table.source(), table.target(),
        table.targetCluster(), table.targetLocation() == null ? "" : " (" + table.targetLocation() + ")"));
    if (table.metastore() != null) {
      out.append("    metastore: ").append(metastore(table.metastore())).append('\n');
    }
    table.rewrites().forEach(rewrite -> out.append("    REWRITE ").append(rewrite).append('\n'));
    if (table.lockedBy() != null) {
      out.append("    LOCKED by ").append(table.lockedBy()).append(": a run now would stop with exit 5\n");
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"action", "partition", "why", "files", "bytes", "executor"});
    for (PlanReport.PartitionChange copy : table.copy().subList(0, Math.min(SHOWN_PER_LIST, table.copy().size()))) {
      String why = copy.fileChanges() == null ? copy.reason() : copy.reason() + ": " + copy.fileChanges().describe();
      rows.add(new String[] {"COPY", copy.partition(), why, Integer.toString(copy.files()), Sizes.human(copy.bytes()),
          Integer.toString(copy.executor())});
    }
    table.drop().stream().limit(SHOWN_PER_LIST).forEach(name -> rows.add(new String[] {"DROP", name,
        "gone from the source", "", "", ""}));
    table.kept().stream().limit(SHOWN_PER_LIST).forEach(name -> rows.add(new String[] {"KEEP", name,
        "gone from the source, kept", "", "", ""}));
    table.failures().forEach(f -> rows.add(new String[] {"FAILED", f.partition() == null ? "(table)" : f.partition(),
        f.reason(), "", "", ""}));
    if (rows.size() > 1) {
      columns(out, "    ", rows);
    }
    more(out, "partition(s) to copy", table.copy().size());
    more(out, "partition(s) to drop", table.drop().size());
    more(out, "partition(s) kept", table.kept().size());
    if (!table.unchanged().isEmpty()) {
      out.append(String.format(Locale.ROOT, "    SKIP %d unchanged partition(s)%n", table.unchanged().size()));
    }
  }

  private static String metastore(PlanReport.MetastoreChanges changes) {
    List<String> parts = new ArrayList<>();
    if (changes.createDatabase()) {
      parts.add("create database");
    }
    if (changes.createTable()) {
      parts.add("create table");
    }
    if (changes.stampAsReplica()) {
      parts.add("adopt the table as partsync's replica");
    }
    if (changes.alterTableMetadata()) {
      parts.add(changes.schemaChanges().isEmpty() ? "alter the table's metadata"
          : "alter the table: " + String.join(", ", changes.schemaChanges()));
    }
    parts.add("add " + changes.addPartitions() + ", alter " + changes.alterPartitions() + ", drop "
        + changes.dropPartitions() + " partition(s)");
    if (changes.alterPartitionsMetadata() > 0) {
      parts.add("alter the metadata of " + changes.alterPartitionsMetadata() + " unchanged partition(s)");
    }
    return String.join("; ", parts);
  }

  private static void more(StringBuilder out, String what, int count) {
    if (count > SHOWN_PER_LIST) {
      out.append(String.format(Locale.ROOT, "    ... %d more %s in the JSON plan%n", count - SHOWN_PER_LIST, what));
    }
  }

  /** Left-aligned columns, each as wide as its widest cell. */
  private static void columns(StringBuilder out, String indent, List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    rows.forEach(row -> {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    });
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder(indent);
      for (int i = 0; i < row.length; i++) {
        line.append(i == row.length - 1 ? row[i] : String.format(Locale.ROOT, "%-" + widths[i] + "s  ", row[i]));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }
}
