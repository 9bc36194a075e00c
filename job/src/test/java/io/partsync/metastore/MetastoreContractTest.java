package io.partsync.metastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.hadoop.hive.common.StatsSetupConst;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsData;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsObj;
import org.apache.hadoop.hive.metastore.api.LongColumnStatsData;
import org.apache.hadoop.hive.metastore.api.StringColumnStatsData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What partsync relies on a metastore to do, run against a real Hive Metastore ({@link
 * MetastoreClientContractTest}) and against {@link InMemoryMetastore} ({@link
 * InMemoryMetastoreContractTest}), so the stand-in the unit tests use cannot drift from the real thing.
 * Each test works in databases of its own: the real server's state lives as long as its class.
 */
abstract class MetastoreContractTest {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  static final Storage TEXT = new Storage("org.apache.hadoop.mapred.TextInputFormat",
      "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
      "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", Map.of("field.delim", ","), false, -1, List.of(),
      List.of(), false, Map.of());
  private static final List<Column> COLUMNS = List.of(new Column("id", "int", null),
      new Column("kind", "string", "what happened"));

  /** The metastore under test, partitions sent to it in batches of two where it batches. */
  abstract Metastore metastoreUnderTest();

  /** The file system URI the metastore's warehouse is on, for the locations of tables and partitions. */
  abstract String fileSystem();

  private Metastore metastore;
  private String db;

  @BeforeEach
  void newDatabase() {
    metastore = metastoreUnderTest();
    db = "contract" + DATABASES.incrementAndGet();
  }

  @Test
  void createsATableAndFindsItByAnyCase() {
    String databaseLocation = metastore.createDatabase(db, "the contract's", null);
    assertEquals(trim(metastore.databaseLocation("default").orElseThrow()) + "/" + db + ".db", databaseLocation);
    HiveTable defined = new HiveTable(db, "Events", "partsync", "EXTERNAL_TABLE", location("events"),
        List.of(new Column("Id", "int", null), new Column("kind", "string", "what happened")),
        List.of(new Column("DT", "string", null), new Column("n", "int", null)), TEXT,
        Map.of("EXTERNAL", "TRUE", "note", "kept"), null, null);
    metastore.createTable(defined);

    HiveTable found = metastore.findTable(db.toUpperCase(), "EVENTS").orElseThrow();
    assertEquals(db + ".events", found.qualifiedName());
    assertEquals("partsync", found.owner());
    assertEquals("EXTERNAL_TABLE", found.tableType());
    assertEquals(location("events"), found.location());
    assertEquals(COLUMNS, found.columns());
    assertEquals(List.of(new Column("dt", "string", null), new Column("n", "int", null)), found.partitionKeys());
    assertEquals(TEXT, found.storage());
    assertContains(Map.of("EXTERNAL", "TRUE", "note", "kept"), found.parameters());
    assertTrue(found.parameters().containsKey("transient_lastDdlTime"), found.parameters().toString());
    assertTrue(metastore.listDatabases().contains(db), metastore.listDatabases().toString());
    assertEquals(List.of("events"), metastore.listTables(db));
    assertEquals(location("events"), metastore.tableLocations().get(db + ".events"));
    assertThrows(MetastoreException.class, () -> metastore.createTable(defined));
  }

  @Test
  void createsAViewWithBothTextsAndReplacesItsDefinitionButNeverATable() {
    metastore.createDatabase(db, "the contract's", null);
    String expanded = "SELECT `t`.`id` FROM `" + db + "`.`t`";
    metastore.createTable(new HiveTable(db, "v", "etl", "VIRTUAL_VIEW", null, COLUMNS, List.of(), TEXT,
        Map.of("comment", "kept"), "select id from t", expanded));

    HiveTable view = metastore.findTable(db, "v").orElseThrow();
    assertEquals(List.of("VIRTUAL_VIEW", "etl", "select id from t", expanded, "kept"), List.of(view.tableType(),
        view.owner(), view.viewOriginalText(), view.viewExpandedText(), view.parameters().get("comment")));
    assertEquals(null, view.location());
    assertEquals(COLUMNS, view.columns());

    metastore.replaceView(new HiveTable(db, "v", "etl", "VIRTUAL_VIEW", null, COLUMNS.subList(0, 1), List.of(),
        TEXT, Map.of("comment", "new"), "select id from t where id > 1", expanded + " WHERE `t`.`id` > 1"));

    HiveTable replaced = metastore.findTable(db, "v").orElseThrow();
    assertEquals(List.of("select id from t where id > 1", expanded + " WHERE `t`.`id` > 1", "new"),
        List.of(replaced.viewOriginalText(), replaced.viewExpandedText(), replaced.parameters().get("comment")));
    assertEquals(COLUMNS.subList(0, 1), replaced.columns());
    metastore.createTable(new HiveTable(db, "t", "etl", "MANAGED_TABLE", null, COLUMNS, List.of(), TEXT, Map.of(),
        null, null));
    assertThrows(MetastoreException.class, () -> metastore.replaceView(new HiveTable(db, "t", "etl",
        "VIRTUAL_VIEW", null, COLUMNS, List.of(), TEXT, Map.of(), "select 1", "select 1")));
    // Still the table it was (Hive 4 makes a managed table external when it is created).
    HiveTable table = metastore.findTable(db, "t").orElseThrow();
    assertFalse(table.isView(), table.tableType());
    assertEquals(null, table.viewOriginalText());
  }

  @Test
  void placesATableWithoutLocationInItsDatabaseAndKeepsItsTypeWithItsExternalParameter() {
    String databaseLocation = metastore.createDatabase(db, "the contract's", null);
    metastore.createTable(new HiveTable(db, "placed", "partsync", "EXTERNAL_TABLE", null, COLUMNS,
        List.of(new Column("dt", "string", null)), TEXT, Map.of(), null, null));
    metastore.createTable(new HiveTable(db, "view", "partsync", "VIRTUAL_VIEW", null, COLUMNS, List.of(), TEXT,
        Map.of(), null, null));

    HiveTable placed = metastore.findTable(db, "placed").orElseThrow();
    assertEquals(databaseLocation + "/placed", placed.location());
    assertEquals("MANAGED_TABLE", placed.tableType());
    assertEquals(Optional.empty(), metastore.findTable(db, "view").map(HiveTable::location));
    Map<String, String> locations = metastore.tableLocations();
    assertEquals(databaseLocation + "/placed", locations.get(db + ".placed"));
    assertFalse(locations.containsKey(db + ".view"), locations.toString());
  }

  @Test
  void aMissingTableIsEmptyWhereItMayBeMissingAndAnErrorWhereItMustExist() {
    metastore.createDatabase(db, "the contract's", null);
    assertEquals(Optional.empty(), metastore.findTable(db, "missing"));
    assertEquals(Optional.empty(), metastore.findTable(db + "_missing", "missing"));
    assertEquals(List.of(), metastore.listTables(db + "_missing"));
    metastore.dropPartitions(db, "missing", List.of("dt=a/n=1"));

    HivePartition partition = partition("a", "1", Map.of());
    assertThrows(MetastoreException.class, () -> metastore.hasPartitions(db, "missing"));
    assertThrows(MetastoreException.class, () -> metastore.listPartitionNames(db, "missing"));
    assertThrows(MetastoreException.class, () -> metastore.listPartitionSummaries(db, "missing"));
    assertThrows(IllegalArgumentException.class, () -> metastore.listPartitionSummaries(db, "missing", "dt = \"a\""));
    assertThrows(MetastoreException.class, () -> metastore.getPartitions(db, "missing", List.of("dt=a/n=1")));
    assertThrows(MetastoreException.class, () -> metastore.addPartitions(db, "missing", List.of(partition)));
    assertThrows(MetastoreException.class, () -> metastore.alterPartitions(db, "missing", List.of(partition)));
    assertThrows(MetastoreException.class, () -> metastore.setTableParameters(db, "missing", Map.of("a", "b")));
    assertThrows(MetastoreException.class, () -> metastore.setTableLocation(db, "missing", location("x"),
        Map.of("a", "b"), Set.of()));
    assertThrows(MetastoreException.class, () -> metastore.createTable(new HiveTable(db + "_missing", "t",
        "partsync", "MANAGED_TABLE", location("t"), COLUMNS, List.of(), TEXT, Map.of(), null, null)));
  }

  @Test
  void addsPartitionsInBatchesAndListsThemSortedByName() {
    HiveTable table = newTable();
    assertFalse(metastore.hasPartitions(db, "events"));
    metastore.addPartitions(db, "events", List.of(
        partition("b", "10", Map.of("numFiles", "7", "totalSize", "99")),
        partition("a", "2", Map.of("k", "v")),
        new HivePartition(List.of("a/x y", "3"), location("elsewhere"), COLUMNS, TEXT, Map.of()),
        new HivePartition(List.of("c", "1"), null, COLUMNS, TEXT, Map.of()),
        partition("d", "4", Map.of())));

    assertTrue(metastore.hasPartitions(db, "events"));
    assertEquals(List.of("dt=a%2Fx y/n=3", "dt=a/n=2", "dt=b/n=10", "dt=c/n=1", "dt=d/n=4"),
        metastore.listPartitionNames(db, "events"));
    List<PartitionSummary> summaries = metastore.listPartitionSummaries(db, "events");
    assertEquals(List.of(List.of("a/x y", "3"), List.of("a", "2"), List.of("b", "10"), List.of("c", "1"),
        List.of("d", "4")), summaries.stream().map(PartitionSummary::values).toList());
    assertEquals(List.of(location("elsewhere"), location("events/dt=a/n=2"), location("events/dt=b/n=10"),
        table.location() + "/dt=c/n=1", location("events/dt=d/n=4")),
        summaries.stream().map(PartitionSummary::location).toList());
    assertContains(Map.of("numFiles", "7", "totalSize", "99"), summaries.get(2).parameters());
    assertContains(Map.of("k", "v"), summaries.get(1).parameters());
    summaries.forEach(s -> assertTrue(s.parameters().containsKey("transient_lastDdlTime"), s.toString()));
    assertEquals(summaries, listedPageByPage(db, "events"));
  }

  @Test
  void addingAPartitionThatExistsAddsNoneOfTheCall() {
    newTable();
    metastore.addPartitions(db, "events", List.of(partition("a", "1", Map.of())));

    assertThrows(MetastoreException.class, () -> metastore.addPartitions(db, "events",
        List.of(partition("b", "1", Map.of()), partition("a", "1", Map.of()))));
    assertEquals(List.of("dt=a/n=1"), metastore.listPartitionNames(db, "events"));
  }

  @Test
  void findsPartitionsByNameLeavingOutNamesWithoutOne() {
    newTable();
    metastore.addPartitions(db, "events", List.of(partition("a", "1", Map.of("k", "v")),
        partition("b", "2", Map.of()), partition("c", "3", Map.of())));

    List<HivePartition> found = metastore.getPartitions(db, "events",
        List.of("dt=c/n=3", "dt=gone/n=1", "DT=b/N=2", "dt=a/n=1"));
    assertEquals(Set.of(List.of("a", "1"), List.of("c", "3")),
        found.stream().map(HivePartition::values).collect(Collectors.toSet()));
    HivePartition a = found.stream().filter(p -> p.values().get(0).equals("a")).findFirst().orElseThrow();
    assertEquals(location("events/dt=a/n=1"), a.location());
    assertEquals(COLUMNS, a.columns());
    assertEquals(TEXT, a.storage());
    assertContains(Map.of("k", "v"), a.parameters());
  }

  @Test
  void altersPartitionsReplacingTheirDefinitions() {
    newTable();
    metastore.addPartitions(db, "events", List.of(partition("a", "1", Map.of("old", "x", "numFiles", "1")),
        partition("b", "2", Map.of()), partition("c", "3", Map.of())));

    metastore.alterPartitions(db, "events", List.of(
        new HivePartition(List.of("a", "1"), location("v2/a"), COLUMNS, TEXT, Map.of("numFiles", "5", "new", "y")),
        new HivePartition(List.of("b", "2"), location("v2/b"), COLUMNS, TEXT, Map.of()),
        new HivePartition(List.of("c", "3"), location("v2/c"), COLUMNS, TEXT, Map.of())));

    Map<String, HivePartition> byLocation = metastore.getPartitions(db, "events",
        List.of("dt=a/n=1", "dt=b/n=2", "dt=c/n=3")).stream()
        .collect(Collectors.toMap(HivePartition::location, p -> p));
    assertEquals(Set.of(location("v2/a"), location("v2/b"), location("v2/c")), byLocation.keySet());
    Map<String, String> parameters = byLocation.get(location("v2/a")).parameters();
    assertContains(Map.of("numFiles", "5", "new", "y"), parameters);
    assertFalse(parameters.containsKey("old"), parameters.toString());
    assertEquals(List.of("dt=a/n=1", "dt=b/n=2", "dt=c/n=3"), metastore.listPartitionNames(db, "events"));
    assertThrows(MetastoreException.class, () -> metastore.alterPartitions(db, "events",
        List.of(partition("gone", "9", Map.of()))));
  }

  @Test
  void dropsPartitionsByNameSkippingThoseAlreadyGone() {
    newTable();
    metastore.addPartitions(db, "events", List.of(partition("a", "1", Map.of()), partition("b", "2", Map.of())));

    metastore.dropPartitions(db, "events", List.of("dt=a/n=1", "dt=gone/n=1", "DT=b/N=2"));
    assertEquals(List.of("dt=b/n=2"), metastore.listPartitionNames(db, "events"));
    metastore.dropPartitions(db, "events", List.of("dt=b/n=2", "dt=a/n=1"));
    assertFalse(metastore.hasPartitions(db, "events"));
  }

  @Test
  void setsTableParametersLeavingTheRestOfTheTable() {
    HiveTable before = metastore.findTable(newTable().database(), "events").orElseThrow();

    metastore.setTableParameters(db, "events", Map.of("note", "changed", "added", "1"));
    HiveTable after = metastore.findTable(db, "events").orElseThrow();
    Map<String, String> expected = new HashMap<>(before.parameters());
    expected.put("note", "changed");
    expected.put("added", "1");
    assertContains(expected, after.parameters());
    assertEquals(before.location(), after.location());
    assertEquals(before.columns(), after.columns());
    assertEquals(before.partitionKeys(), after.partitionKeys());
    assertEquals(before.storage(), after.storage());
    assertEquals(before.tableType(), after.tableType());
  }

  @Test
  void altersATableWithoutCascadingToItsPartitions() {
    HiveTable before = newTable();
    metastore.addPartitions(db, "events", List.of(partition("a", "1", Map.of())));
    List<Column> columns = List.of(new Column("id", "bigint", "widened"), new Column("kind", "string", "what"),
        new Column("added", "string", null));
    Storage storage = new Storage(TEXT.inputFormat(), TEXT.outputFormat(), TEXT.serdeLibrary(),
        Map.of("field.delim", "|"), false, -1, List.of(), List.of(), false, Map.of());
    Map<String, String> parameters = new HashMap<>(metastore.findTable(db, "events").orElseThrow().parameters());
    parameters.remove("note");
    parameters.remove("transient_lastDdlTime");
    parameters.put("added", "1");

    metastore.alterTable(new HiveTable(db, "events", "someone", before.tableType(), before.location(), columns,
        before.partitionKeys(), storage, parameters));
    HiveTable after = metastore.findTable(db, "events").orElseThrow();
    assertEquals(columns, after.columns());
    assertEquals("someone", after.owner());
    assertEquals(storage, after.storage());
    assertContains(parameters, after.parameters());
    assertFalse(after.parameters().containsKey("note"));
    assertEquals(before.location(), after.location());
    assertEquals(before.partitionKeys(), after.partitionKeys());
    assertEquals(COLUMNS, metastore.getPartitions(db, "events", List.of("dt=a/n=1")).get(0).columns());
    assertThrows(MetastoreException.class, () -> metastore.alterTable(new HiveTable(db, "missing", "x",
        before.tableType(), before.location(), columns, before.partitionKeys(), storage, parameters)));
  }

  @Test
  void movesAnUnpartitionedTableToANewLocationInOneCallKeepingTheRestAndItsStatistics() {
    metastore.createDatabase(db, "the contract's", null);
    Storage sparkParquet = new Storage("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
        "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", Map.of("path", location("whole")), false, -1,
        List.of(), List.of(), false, Map.of());
    metastore.createTable(new HiveTable(db, "whole", "partsync", "MANAGED_TABLE", location("whole"), COLUMNS,
        List.of(), sparkParquet, Map.of("note", "kept", "numRows", "1", "rawDataSize", "10")));
    HiveTable before = metastore.findTable(db, "whole").orElseThrow();

    String moved = location("whole/partsync-r2/data");
    metastore.setTableLocation(db, "whole", moved, Map.of("numRows", "42", "numFiles", "3", "totalSize", "99",
        "added", "1"), Set.of("rawDataSize", "absent"));
    HiveTable after = metastore.findTable(db, "whole").orElseThrow();
    assertEquals(moved, after.location());
    assertEquals(moved, after.storage().serdeParameters().get("path"));
    assertContains(Map.of("note", "kept", "numRows", "42", "numFiles", "3", "totalSize", "99", "added", "1"),
        after.parameters());
    assertFalse(after.parameters().containsKey("rawDataSize"), after.parameters().toString());
    assertEquals(before.columns(), after.columns());
    assertEquals(List.of(), after.partitionKeys());
    assertEquals(before.tableType(), after.tableType());
    assertEquals(before.storage().inputFormat(), after.storage().inputFormat());
    assertEquals(before.storage().serdeLibrary(), after.storage().serdeLibrary());
    assertEquals(moved, metastore.tableLocations().get(db + ".whole"));
  }

  @Test
  void setsSerdeParametersLeavingTheRestOfTheTable() {
    HiveTable before = metastore.findTable(newTable().database(), "events").orElseThrow();

    metastore.setSerdeParameters(db, "events", Map.of("avro.schema.url", "/s/1.avsc", "field.delim", "|"));
    HiveTable after = metastore.findTable(db, "events").orElseThrow();
    Map<String, String> expected = new HashMap<>(before.storage().serdeParameters());
    expected.put("avro.schema.url", "/s/1.avsc");
    expected.put("field.delim", "|");
    assertEquals(expected, after.storage().serdeParameters());
    assertEquals(before.storage().inputFormat(), after.storage().inputFormat());
    assertEquals(before.storage().serdeLibrary(), after.storage().serdeLibrary());
    assertEquals(before.location(), after.location());
    assertEquals(before.columns(), after.columns());
    assertEquals(before.parameters().get("note"), after.parameters().get("note"));
    assertThrows(MetastoreException.class, () -> metastore.setSerdeParameters(db, "missing", Map.of("a", "b")));
  }

  @Test
  void aMissingDatabaseHasNoLocationUntilCreated() {
    assertEquals(Optional.empty(), metastore.databaseLocation(db));

    assertEquals(fileSystem() + "/elsewhere/" + db, metastore.createDatabase(db, "placed", fileSystem()
        + "/elsewhere/" + db + "/"));
    assertEquals(Optional.of(fileSystem() + "/elsewhere/" + db), metastore.databaseLocation(db.toUpperCase()));
    assertThrows(MetastoreException.class, () -> metastore.createDatabase(db, "again", null));
  }

  @Test
  void filtersPartitionsOnStringKeysAndRefusesOtherFilters() {
    newTable();
    metastore.addPartitions(db, "events", List.of(partition("a", "1", Map.of()), partition("b", "2", Map.of()),
        partition("c", "3", Map.of())));

    assertEquals(List.of("b", "c"), dts(metastore.listPartitionSummaries(db, "events", "dt >= \"b\"")));
    assertEquals(List.of("a", "c"), dts(metastore.listPartitionSummaries(db, "events",
        "(dt = \"a\") or (dt = \"c\")")));
    assertEquals(List.of("a"), dts(metastore.listPartitionSummaries(db, "events", "DT < \"b\"")));
    assertEquals(List.of(), dts(metastore.listPartitionSummaries(db, "events", "dt = \"z\"")));
    assertThrows(IllegalArgumentException.class, () -> metastore.listPartitionSummaries(db, "events", "n = \"2\""));
    assertThrows(IllegalArgumentException.class, () -> metastore.listPartitionSummaries(db, "events",
        "region = \"eu\""));
    assertThrows(IllegalArgumentException.class, () -> metastore.listPartitionSummaries(db, "events", "dt >>= "));
  }

  @Test
  void writesAndReadsPartitionColumnStatisticsInBatchesMarkingThemAccurate() {
    newTable();
    metastore.addPartitions(db, "events", List.of(partition("a", "1", Map.of()), partition("b", "2", Map.of()),
        partition("c", "3", Map.of())));
    Map<String, List<ColumnStats>> written = Map.of(
        "dt=a/n=1", List.of(idStats(0, 10, 1), kindStats(12.5, 3)),
        "dt=b/n=2", List.of(idStats(-5, 5, 0)),
        "dt=c/n=3", List.of(idStats(7, 7, 2), kindStats(1.0, 1)));

    metastore.setPartitionColumnStatistics(db, "events", written);
    Map<String, List<ColumnStats>> read = metastore.getPartitionColumnStatistics(db, "events",
        List.of("dt=a/n=1", "dt=b/n=2", "dt=c/n=3", "dt=gone/n=1"), List.of("id", "kind"));
    assertEquals(written.keySet(), read.keySet());
    written.forEach((name, stats) -> assertEquals(Set.copyOf(stats), Set.copyOf(read.get(name)), name));
    assertEquals(Map.of("dt=a/n=1", List.of(kindStats(12.5, 3))), metastore.getPartitionColumnStatistics(db,
        "events", List.of("dt=a/n=1", "dt=b/n=2"), List.of("kind")));
    Map<String, String> parameters = metastore.getPartitions(db, "events", List.of("dt=b/n=2")).get(0).parameters();
    assertTrue(StatsSetupConst.areColumnStatsUptoDate(parameters, "id"), parameters.toString());
    assertFalse(StatsSetupConst.areColumnStatsUptoDate(parameters, "kind"), parameters.toString());
    assertThrows(MetastoreException.class, () -> metastore.setPartitionColumnStatistics(db, "events",
        Map.of("dt=gone/n=1", List.of(idStats(0, 1, 0)))));
  }

  @Test
  void partitionStatisticsStayWhenItIsAlteredAndGoWhenItIsDroppedOrTheyAreDeleted() {
    newTable();
    metastore.addPartitions(db, "events", List.of(partition("a", "1", Map.of()), partition("b", "2", Map.of())));
    metastore.setPartitionColumnStatistics(db, "events", Map.of("dt=a/n=1", List.of(idStats(0, 10, 1)),
        "dt=b/n=2", List.of(idStats(1, 2, 0), kindStats(2.0, 2))));

    metastore.alterPartitions(db, "events", List.of(
        new HivePartition(List.of("a", "1"), location("v2/a"), COLUMNS, TEXT, Map.of())));
    assertEquals(Map.of("dt=a/n=1", List.of(idStats(0, 10, 1))), metastore.getPartitionColumnStatistics(db,
        "events", List.of("dt=a/n=1"), List.of("id", "kind")));
    metastore.deletePartitionColumnStatistics(db, "events", List.of("dt=b/n=2"));
    metastore.deletePartitionColumnStatistics(db, "events", List.of("dt=b/n=2"));
    metastore.dropPartitions(db, "events", List.of("dt=a/n=1"));
    metastore.addPartitions(db, "events", List.of(partition("a", "1", Map.of())));
    assertEquals(Map.of(), metastore.getPartitionColumnStatistics(db, "events", List.of("dt=a/n=1", "dt=b/n=2"),
        List.of("id", "kind")));
  }

  @Test
  void writesAndReadsTableColumnStatistics() {
    newTable();
    assertEquals(List.of(), metastore.getTableColumnStatistics(db, "events", List.of("id", "kind")));

    metastore.setTableColumnStatistics(db, "events", List.of(idStats(3, 30, 4), kindStats(8.25, 12)));
    metastore.setTableColumnStatistics(db, "events", List.of(idStats(1, 2, 3)));
    assertEquals(Set.of(idStats(1, 2, 3), kindStats(8.25, 12)),
        Set.copyOf(metastore.getTableColumnStatistics(db, "EVENTS", List.of("id", "kind", "other"))));
    Map<String, String> parameters = metastore.findTable(db, "events").orElseThrow().parameters();
    assertTrue(StatsSetupConst.areColumnStatsUptoDate(parameters, "kind"), parameters.toString());
    assertThrows(MetastoreException.class, () -> metastore.getTableColumnStatistics(db, "missing", List.of("id")));
    assertThrows(MetastoreException.class, () -> metastore.getPartitionColumnStatistics(db, "missing",
        List.of("dt=a/n=1"), List.of("id")));
    assertThrows(MetastoreException.class, () -> metastore.setTableColumnStatistics(db, "missing",
        List.of(idStats(1, 2, 3))));
  }

  static ColumnStats idStats(long low, long high, long nulls) {
    LongColumnStatsData data = new LongColumnStatsData(nulls, high - low + 1);
    data.setLowValue(low);
    data.setHighValue(high);
    return ThriftTypes.columnStats(new ColumnStatisticsObj("id", "int", ColumnStatisticsData.longStats(data)));
  }

  static ColumnStats kindStats(double averageLength, long distinct) {
    return ThriftTypes.columnStats(new ColumnStatisticsObj("kind", "string",
        ColumnStatisticsData.stringStats(new StringColumnStatsData(40, averageLength, 0, distinct))));
  }

  /** A new external text table {@code events}, partitioned by {@code dt string, n int}, in a new database. */
  /** The table's summaries as a metastore reads those of a table too large for one listing. */
  List<PartitionSummary> listedPageByPage(String database, String table) {
    return metastore.listPartitionSummaries(database, table);
  }

  private HiveTable newTable() {
    metastore.createDatabase(db, "the contract's", null);
    HiveTable table = new HiveTable(db, "events", "partsync", "EXTERNAL_TABLE", location("events"), COLUMNS,
        List.of(new Column("dt", "string", null), new Column("n", "int", null)), TEXT,
        Map.of("EXTERNAL", "TRUE", "note", "kept"), null, null);
    metastore.createTable(table);
    return table;
  }

  private HivePartition partition(String dt, String n, Map<String, String> parameters) {
    return new HivePartition(List.of(dt, n), location("events/dt=" + dt + "/n=" + n), COLUMNS, TEXT, parameters);
  }

  private String location(String path) {
    return fileSystem() + "/contract/" + db + "/" + path;
  }

  private static List<String> dts(List<PartitionSummary> summaries) {
    return summaries.stream().map(s -> s.values().get(0)).toList();
  }

  private static String trim(String location) {
    return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
  }

  private static void assertContains(Map<String, String> expected, Map<String, String> actual) {
    assertTrue(actual.entrySet().containsAll(expected.entrySet()), actual + " lacks some of " + expected);
  }
}
