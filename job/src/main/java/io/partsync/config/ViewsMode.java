package io.partsync.config;

/** What a run does with a selected view that reads a table the run does not replicate. */
public enum ViewsMode {
  /** Create it on the target all the same; the report and a warning name the tables it reads there. */
  CREATE,
  /** Refuse it: a view over tables the target lacks would fail every query. */
  REFUSE
}
