package io.partsync.lock;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the ResourceManager of the YARN configuration on this process's classpath ({@code yarn-site.xml},
 * as spark-submit puts it there from {@code HADOOP_CONF_DIR}) for an application's state. Without such a
 * configuration, or when the ResourceManager does not answer within a few seconds, the state is unknown.
 */
final class YarnApplications implements Liveness.Applications {
  private static final Logger LOG = LoggerFactory.getLogger(YarnApplications.class);
  private static final long TIMEOUT_SECONDS = 15;
  private static final long REMEMBERED_MILLIS = 60_000;
  /** Many tables locked by one dead application cost one question, not one each (at worst 15 s each). */
  private static final Map<String, Answer> ANSWERS = new ConcurrentHashMap<>();

  private record Answer(Optional<String> state, long atMillis) {}

  @Override
  public Optional<String> state(String applicationId) {
    long now = System.currentTimeMillis();
    Answer known = ANSWERS.get(applicationId);
    if (known != null && now - known.atMillis() < REMEMBERED_MILLIS) {
      return known.state();
    }
    Optional<String> state = ask(applicationId);
    ANSWERS.put(applicationId, new Answer(state, now));
    return state;
  }

  private static Optional<String> ask(String applicationId) {
    YarnConfiguration conf = new YarnConfiguration();
    if (conf.getResource("yarn-site.xml") == null) {
      return Optional.empty();
    }
    // A ResourceManager that is down must not hold the run for the client's default 15 minutes of retries.
    conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS, 10_000);
    conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_RETRY_INTERVAL_MS, 1_000);
    conf.setInt("ipc.client.connect.max.retries", 1);
    conf.setInt("ipc.client.connect.timeout", 5_000);
    CompletableFuture<String> asked = CompletableFuture.supplyAsync(() -> ask(conf, applicationId));
    try {
      return Optional.of(asked.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    } catch (Exception e) {
      asked.cancel(true);
      LOG.info("cannot ask YARN for the state of application {}: {}", applicationId, e.getMessage());
      LOG.debug("asking YARN for application {}", applicationId, e);
      return Optional.empty();
    }
  }

  private static String ask(YarnConfiguration conf, String applicationId) {
    try (YarnClient client = YarnClient.createYarnClient()) {
      client.init(conf);
      client.start();
      return client.getApplicationReport(ApplicationId.fromString(applicationId)).getYarnApplicationState().name();
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
