package io.partsync.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.metastore.TableName;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ViewTextTest {
  private static final Map<TableName, TableName> SRC_TO_DST = Map.of(
      new TableName("src_db", "t"), new TableName("dst_db", "t"),
      new TableName("src_db", "u"), new TableName("dst_db", "u2"));

  @Test
  void hivesExpandedTextIsRenamedQuoted() {
    assertEquals("SELECT `t`.`id`, `t`.`dt` FROM `dst_db`.`t`",
        ViewText.rename("SELECT `t`.`id`, `t`.`dt` FROM `src_db`.`t`", SRC_TO_DST));
  }

  @Test
  void anOriginalTextIsRenamedInAnyCaseAndQuotingAsWritten() {
    assertEquals("select * from dst_db.t join `dst_db`.`u2` on dst_db.t.id = x.id",
        ViewText.rename("select * from SRC_DB.T join `Src_Db`.`u` on src_db.t.id = x.id", SRC_TO_DST));
    assertEquals("select * from dst_db . t", ViewText.rename("select * from src_db . t", SRC_TO_DST));
  }

  @Test
  void stringsCommentsAndOtherNamesAreLeftAlone() {
    String sql = "select 'src_db.t', \"src_db.t\", 'it''s' -- src_db.t\n from /* src_db.t */ other.t where a.src_db = 1.5";
    assertEquals(sql, ViewText.rename(sql, SRC_TO_DST));
  }

  @Test
  void aColumnAfterATableIsNotTakenForATable() {
    // t.src_db.t: the pair is t.src_db, and src_db.t here is a field path, not a table.
    assertEquals("select t.src_db.t from dst_db.t", ViewText.rename("select t.src_db.t from src_db.t", SRC_TO_DST));
  }

  @Test
  void theQualifiedNamesAreEveryDottedPairOnceInOrder() {
    assertEquals(List.of(new TableName("t", "id"), new TableName("src_db", "t"), new TableName("other", "x")),
        List.copyOf(ViewText.qualifiedNames(
            "SELECT `t`.`id` FROM `src_db`.`t` JOIN other.X ON `t`.`id` = other.x.id -- other.y")));
  }

  @Test
  void anUnqualifiedNameIsOneOutsideAnyDottedName() {
    assertTrue(ViewText.appearsUnqualified("select * from T where x = 1", "t"));
    assertTrue(ViewText.appearsUnqualified("select * from `t`", "t"));
    assertFalse(ViewText.appearsUnqualified("select t2.id from src_db.t join x.t2", "t"));
    assertFalse(ViewText.appearsUnqualified("select 't' from src_db.t -- t", "t"));
  }

  @Test
  void noTextStaysNone() {
    assertEquals(null, ViewText.rename(null, SRC_TO_DST));
  }
}
