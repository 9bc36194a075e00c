package io.partsync.metastore;

/** A table column or partition key as the metastore stores it. */
public record Column(String name, String type, String comment) {

  /** Name and type, as compared between source and target. */
  public String signature() {
    return name + " " + type;
  }
}
