package io.partsync.views;

import io.partsync.config.TableMapping;
import io.partsync.config.TargetCluster;
import io.partsync.config.ViewsMode;
import io.partsync.metastore.HiveParameters;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.Metastore;
import io.partsync.metastore.PartsyncParameters;
import io.partsync.metastore.TableName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, for one target, what each selected view becomes there, reading but writing nothing: its
 * definition with the database and table names of the run's mappings rewritten in both texts, and whether
 * it is created, replaced, left unchanged or refused.
 */
public final class ViewPlanner {
  private static final Logger LOG = LoggerFactory.getLogger(ViewPlanner.class);
  static final String VIEW_TYPE = "VIRTUAL_VIEW";

  private final Metastore source;
  private final Metastore target;
  private final TargetCluster cluster;
  private final ViewsMode mode;
  private final String sourceUris;
  /** Every selected table and view of the run, source name to target name, lower case. */
  private final Map<TableName, TableName> mapped = new LinkedHashMap<>();
  private final Map<String, List<String>> sourceTablesByDatabase = new HashMap<>();

  /** @param selected every table and view the run selected, as the config maps them */
  public ViewPlanner(Metastore source, Metastore target, TargetCluster cluster, ViewsMode mode,
      List<TableMapping> selected) {
    this.source = source;
    this.target = target;
    this.cluster = cluster;
    this.mode = mode;
    this.sourceUris = source.uris();
    for (TableMapping configured : selected) {
      TableMapping m = cluster.apply(configured);
      mapped.put(lower(m.sourceDatabase(), m.sourceTable()), lower(m.targetDatabase(), m.targetTable()));
    }
  }

  /** The plans of the views, in an order where a view comes after the selected views it reads. */
  public List<ViewPlan> plan(List<SourceView> views) {
    List<ViewPlan> plans = new ArrayList<>();
    for (SourceView view : inDependencyOrder(views)) {
      ViewPlan plan = plan(view);
      if (ViewPlan.REFUSED.equals(plan.action())) {
        LOG.error("view {} is not synced to {} on {}: {}", plan.source(), plan.target(), plan.targetCluster(),
            plan.reason());
      } else if (!plan.unreplicatedTables().isEmpty()) {
        LOG.warn("view {} on {} reads {}, which this run does not replicate", plan.target(), plan.targetCluster(),
            String.join(", ", plan.unreplicatedTables()));
      }
      plans.add(plan);
    }
    return plans;
  }

  private ViewPlan plan(SourceView sourceView) {
    HiveTable view = sourceView.view();
    TableMapping mapping = cluster.apply(sourceView.mapping());
    String targetName = mapping.targetName();
    List<TableName> reads = reads(view);
    List<String> unreplicated = reads.stream().filter(t -> !mapped.containsKey(t)).map(TableName::qualified).toList();
    Optional<String> unsafe = unsafeUnqualified(view, mapping, reads);
    if (unsafe.isPresent()) {
      return refused(view, targetName, unreplicated, unsafe.get());
    }
    if (!unreplicated.isEmpty() && mode == ViewsMode.REFUSE) {
      return refused(view, targetName, unreplicated, "view " + view.qualifiedName() + " reads "
          + String.join(", ", unreplicated) + ", which this run does not replicate, and 'views: refuse' refuses it;"
          + " add them to 'tables' or set 'views: create'");
    }
    HiveTable definition = definition(view, mapping);
    Optional<HiveTable> existing = target.findTable(mapping.targetDatabase(), mapping.targetTable());
    if (existing.isEmpty()) {
      return plan(view, definition, ViewPlan.CREATED, unreplicated, null);
    }
    if (!existing.get().isView()) {
      return refused(view, targetName, unreplicated, "target " + targetName + " on " + cluster.name() + " is a "
          + existing.get().tableType() + ", not a view; source view " + view.qualifiedName()
          + " cannot replace it, so drop it or give the view another 'target'");
    }
    String action = sameDefinition(existing.get(), definition) ? ViewPlan.UNCHANGED : ViewPlan.REPLACED;
    return plan(view, definition, action, unreplicated, null);
  }

  private ViewPlan plan(HiveTable view, HiveTable definition, String action, List<String> unreplicated,
      String reason) {
    return new ViewPlan(cluster.name(), view.qualifiedName(), definition.qualifiedName(), definition, action,
        unreplicated, reason);
  }

  private ViewPlan refused(HiveTable view, String targetName, List<String> unreplicated, String reason) {
    return new ViewPlan(cluster.name(), view.qualifiedName(), targetName, null, ViewPlan.REFUSED, unreplicated,
        reason);
  }

  /**
   * The tables and views the view reads: the qualified names of Hive's expanded text (the original's when
   * there is none) that name a selected table or one of the source metastore's, leaving out
   * {@code alias.column} pairs.
   */
  private List<TableName> reads(HiveTable view) {
    String text = view.viewExpandedText() != null ? view.viewExpandedText() : view.viewOriginalText();
    return ViewText.qualifiedNames(text == null ? "" : text).stream()
        .filter(name -> mapped.containsKey(name) || sourceTables(name.database()).contains(name.table()))
        .toList();
  }

  private List<String> sourceTables(String database) {
    return sourceTablesByDatabase.computeIfAbsent(database, db -> source.listTables(db).stream()
        .map(t -> t.toLowerCase(Locale.ROOT)).toList());
  }

  /**
   * A view moved to another database resolves its unqualified names there: that is safe only for a table
   * of its own database that goes to the view's new database under its own name. Any other such name
   * written unqualified in the original text would read another table, or none, on the target.
   */
  private Optional<String> unsafeUnqualified(HiveTable view, TableMapping mapping, List<TableName> reads) {
    String from = view.database().toLowerCase(Locale.ROOT);
    String to = mapping.targetDatabase().toLowerCase(Locale.ROOT);
    if (from.equals(to) || view.viewOriginalText() == null) {
      return Optional.empty();
    }
    for (TableName read : reads) {
      TableName goesTo = mapped.get(read);
      boolean followsTheView = goesTo != null && goesTo.equals(new TableName(to, read.table()));
      if (read.database().equals(from) && !followsTheView
          && ViewText.appearsUnqualified(view.viewOriginalText(), read.table())) {
        return Optional.of("view " + view.qualifiedName() + " goes to database " + to + " but its text reads "
            + read.table() + " unqualified, which would not be " + read.qualified() + " there" + (goesTo == null
            ? " (the run does not replicate it)" : " (it goes to " + goesTo.qualified() + ")")
            + "; qualify the name in the view as " + read.qualified() + ", or map the view to " + from);
      }
    }
    return Optional.empty();
  }

  /**
   * The view as the target gets it: both texts rewritten, the owner, columns and parameters of the source
   * (without those the metastore keeps for itself), and the source it replicates.
   */
  HiveTable definition(HiveTable view, TableMapping mapping) {
    Map<TableName, TableName> renames = new LinkedHashMap<>();
    mapped.forEach((from, to) -> {
      if (!from.equals(to)) {
        renames.put(from, to);
      }
    });
    Map<String, String> parameters = new HashMap<>();
    view.parameters().forEach((key, value) -> {
      if (!HiveParameters.VOLATILE.contains(key)) {
        parameters.put(key, defaultDatabase(key, value, view.database(), mapping.targetDatabase()));
      }
    });
    parameters.put(PartsyncParameters.SOURCE_TABLE, view.qualifiedName() + " at " + sourceUris);
    return new HiveTable(mapping.targetDatabase().toLowerCase(Locale.ROOT),
        mapping.targetTable().toLowerCase(Locale.ROOT), view.owner(), VIEW_TYPE, null, view.columns(),
        view.partitionKeys(), view.storage(), parameters, ViewText.rename(view.viewOriginalText(), renames),
        ViewText.rename(view.viewExpandedText(), renames));
  }

  /** Spark keeps the database a view's unqualified names resolve in as a parameter: it moves with the view. */
  private static String defaultDatabase(String key, String value, String from, String to) {
    boolean names = key.startsWith("view.catalogAndNamespace.part.") || key.equals("view.default.database");
    return names && value.equalsIgnoreCase(from) ? to : value;
  }

  /** Whether the target's view already is the definition: same texts, columns, owner and parameters. */
  static boolean sameDefinition(HiveTable existing, HiveTable definition) {
    return java.util.Objects.equals(existing.viewOriginalText(), definition.viewOriginalText())
        && java.util.Objects.equals(existing.viewExpandedText(), definition.viewExpandedText())
        && existing.columns().equals(definition.columns())
        && java.util.Objects.equals(existing.owner(), definition.owner())
        && withoutVolatile(existing.parameters()).equals(withoutVolatile(definition.parameters()));
  }

  private static Map<String, String> withoutVolatile(Map<String, String> parameters) {
    Map<String, String> kept = new HashMap<>(parameters);
    kept.keySet().removeAll(HiveParameters.VOLATILE);
    return kept;
  }

  /** The views, each after the selected views its text names (a cycle, which Hive forbids, keeps its order). */
  private static List<SourceView> inDependencyOrder(List<SourceView> views) {
    List<SourceView> ordered = new ArrayList<>();
    List<SourceView> left = new ArrayList<>(views);
    while (!left.isEmpty()) {
      SourceView next = left.stream().filter(v -> left.stream().noneMatch(other -> other != v
          && reads(v, other))).findFirst().orElse(left.get(0));
      ordered.add(next);
      left.remove(next);
    }
    return ordered;
  }

  private static boolean reads(SourceView view, SourceView other) {
    String text = view.view().viewExpandedText() == null ? "" : view.view().viewExpandedText();
    return ViewText.qualifiedNames(text).contains(lower(other.view().database(), other.view().name()));
  }

  private static TableName lower(String database, String table) {
    return new TableName(database.toLowerCase(Locale.ROOT), table.toLowerCase(Locale.ROOT));
  }
}
