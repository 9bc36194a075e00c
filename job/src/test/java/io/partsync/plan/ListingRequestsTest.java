package io.partsync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.partsync.config.CompareMode;
import io.partsync.config.SyncMode;
import io.partsync.metastore.Column;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.PartitionSummary;
import io.partsync.metastore.Storage;
import io.partsync.plan.TablePlanner.TableInputs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which source partitions have their checksums read while planning, and which target directories are checked. */
class ListingRequestsTest {
  private static final HiveTable TABLE = new HiveTable("db", "t", "me", "EXTERNAL_TABLE", "hdfs://t/warehouse/t",
      List.of(new Column("x", "int", null)), List.of(new Column("dt", "string", null)),
      new Storage("in", "out", "serde", Map.of(), false, -1, List.of(), List.of(), false, Map.of()), Map.of(), null, null);

  private final TableInputs inputs;

  ListingRequestsTest() {
    Map<String, PartitionSummary> sources = new LinkedHashMap<>();
    Map<String, TargetPartition> targets = new LinkedHashMap<>();
    for (String name : List.of("dt=new", "dt=listed", "dt=older", "dt=foreign")) {
      sources.put(name, new PartitionSummary(List.of(name.substring(3)), "hdfs://s/t/" + name, Map.of()));
    }
    targets.put("dt=listed", new TargetPartition("dt=listed", List.of("listed"), "hdfs://t/v/dt=listed", "v1:a",
        "v1:listing", "v1:target"));
    targets.put("dt=older", new TargetPartition("dt=older", List.of("older"), "hdfs://t/v/dt=older", "v1:b", null,
        "v1:target"));
    targets.put("dt=foreign", new TargetPartition("dt=foreign", List.of("foreign"), "hdfs://t/x/dt=foreign", null,
        null, null));
    inputs = new TableInputs("t1", null, TABLE, TABLE, true, sources, targets, null);
  }

  @Test
  void compareByListingReadsChecksumsOnlyWhereTheTargetDoesNotKnowItsListing() {
    assertEquals(List.of("dt=new:-:-", "dt=listed:-:hdfs://t/v/dt=listed", "dt=older:crc:hdfs://t/v/dt=older",
        "dt=foreign:-:-"), describe(inputs.listingRequests(true, SyncMode.INCREMENTAL, CompareMode.LISTING)));
  }

  @Test
  void compareByChecksumReadsThemForEveryPartitionPartsyncWrote() {
    assertEquals(List.of("dt=new:-:-", "dt=listed:crc:hdfs://t/v/dt=listed", "dt=older:crc:hdfs://t/v/dt=older",
        "dt=foreign:-:-"), describe(inputs.listingRequests(true, SyncMode.INCREMENTAL, CompareMode.CHECKSUM)));
  }

  @Test
  void sizeVerificationAndFullModeReadNoChecksums() {
    assertEquals(List.of("dt=new:-:-", "dt=listed:-:hdfs://t/v/dt=listed", "dt=older:-:hdfs://t/v/dt=older",
        "dt=foreign:-:-"), describe(inputs.listingRequests(false, SyncMode.INCREMENTAL, CompareMode.CHECKSUM)));
    assertEquals(List.of("dt=new:-:-", "dt=listed:-:-", "dt=older:-:-", "dt=foreign:-:-"),
        describe(inputs.listingRequests(true, SyncMode.FULL, CompareMode.CHECKSUM)));
  }

  private static List<String> describe(List<ListingRequest> requests) {
    return requests.stream().map(r -> r.name() + ":" + (r.withChecksums() ? "crc" : "-") + ":"
        + r.targetDirs().getOrDefault(new TargetTableName("t1", "db.t"), "-")).toList();
  }
}
