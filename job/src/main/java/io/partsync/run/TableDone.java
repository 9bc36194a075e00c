package io.partsync.run;

import io.partsync.publish.TablePublished;
import io.partsync.report.RunReport;

/**
 * A table at the end of a run: what publishing did, and what housekeeping did after it (null when it
 * did not run, or failed and is retried by the next run).
 */
record TableDone(TablePublished published, RunReport.Housekeeping housekeeping) {}
