package io.partsync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.fs.DataFile;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileChangesTest {
  @Test
  void sortsEveryDifferenceByKind() {
    List<DataFile> source = List.of(new DataFile("a", 10, 500), new DataFile("b", 12, 500),
        new DataFile("c", 10, 900), new DataFile("d", 10, 100), new DataFile("new", 1, 100));
    List<DataFile> target = List.of(new DataFile("a", 10, 600), new DataFile("b", 10, 600),
        new DataFile("c", 10, 600), new DataFile("d", 10, 600), new DataFile("gone", 1, 600));

    FileChanges changes = FileChanges.between(source, target);

    assertEquals(new FileChanges(List.of("new"), List.of("gone"), List.of("b"), List.of("c")), changes);
    assertEquals("+1 added (new), -1 removed (gone), ~1 resized (b), *1 modified (c)", changes.describe());
  }

  @Test
  void checksumsDecideWhereBothSidesHaveThem() {
    List<DataFile> source = List.of(new DataFile("a", 10, 100).withChecksum(1),
        new DataFile("b", 10, 900).withChecksum(2));
    List<DataFile> target = List.of(new DataFile("a", 10, 600).withChecksum(7),
        new DataFile("b", 10, 600).withChecksum(2));

    assertEquals(List.of("a"), FileChanges.between(source, target).modified());
  }

  @Test
  void longListsAreCutInTheText() {
    List<DataFile> source = List.of(new DataFile("1", 1, 1), new DataFile("2", 1, 1), new DataFile("3", 1, 1),
        new DataFile("4", 1, 1), new DataFile("5", 1, 1));
    FileChanges changes = FileChanges.between(source, List.of());
    assertEquals("+5 added (1 2 3 and 2 more)", changes.describe());
    assertTrue(FileChanges.between(source, source).none());
  }
}
