package io.partsync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FileChangesTest {
  @Test
  void sortsEveryDifferenceByKind() {
    List<SourceFile> source = List.of(new SourceFile("a", 10, 500), new SourceFile("b", 12, 500),
        new SourceFile("c", 10, 900), new SourceFile("d", 10, 100), new SourceFile("new", 1, 100));
    List<SourceFile> target = List.of(new SourceFile("a", 10, 600), new SourceFile("b", 10, 600),
        new SourceFile("c", 10, 600), new SourceFile("d", 10, 600), new SourceFile("gone", 1, 600));

    FileChanges changes = FileChanges.between(source, target);

    assertEquals(new FileChanges(List.of("new"), List.of("gone"), List.of("b"), List.of("c")), changes);
    assertEquals("+1 added (new), -1 removed (gone), ~1 resized (b), *1 modified (c)", changes.describe());
  }

  @Test
  void checksumsDecideWhereBothSidesHaveThem() {
    List<SourceFile> source = List.of(new SourceFile("a", 10, 100).withChecksum(1),
        new SourceFile("b", 10, 900).withChecksum(2));
    List<SourceFile> target = List.of(new SourceFile("a", 10, 600).withChecksum(7),
        new SourceFile("b", 10, 600).withChecksum(2));

    assertEquals(List.of("a"), FileChanges.between(source, target).modified());
  }

  @Test
  void longListsAreCutInTheText() {
    List<SourceFile> source = List.of(new SourceFile("1", 1, 1), new SourceFile("2", 1, 1), new SourceFile("3", 1, 1),
        new SourceFile("4", 1, 1), new SourceFile("5", 1, 1));
    FileChanges changes = FileChanges.between(source, List.of());
    assertEquals("+5 added (1 2 3 and 2 more)", changes.describe());
    assertTrue(FileChanges.between(source, source).none());
  }
}
