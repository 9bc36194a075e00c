package io.partsync.lock;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
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
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final long REMEMBERED_MILLIS = 60_000;
  /** The one instance runs share, so that what it remembers spans the tables of a run. */
  static final YarnApplications SHARED = new YarnApplications(null, TIMEOUT);

  /**
   * When the ResourceManager could not be asked: many tables locked by one application on an unreachable
   * YARN then cost one wait (up to 15 s), not one each. Answers themselves are quick and never reused.
   */
  private final Map<String, Long> unanswered = new ConcurrentHashMap<>();
  private final Configuration given;
  private final Duration timeout;

  /**
   * @param conf the YARN client configuration; null for the one on the classpath, if there is one
   * @param timeout how long to wait for the ResourceManager's answer
   */
  YarnApplications(Configuration conf, Duration timeout) {
    this.given = conf;
    this.timeout = timeout;
  }

  @Override
  public Optional<String> state(String applicationId) {
    long now = System.currentTimeMillis();
    Long failedAt = unanswered.get(applicationId);
    if (failedAt != null && now - failedAt < REMEMBERED_MILLIS) {
      return Optional.empty();
    }
    Optional<String> state = ask(applicationId);
    if (state.isEmpty()) {
      unanswered.put(applicationId, now);
    }
    return state;
  }

  private Optional<String> ask(String applicationId) {
    YarnConfiguration conf = given == null ? new YarnConfiguration() : new YarnConfiguration(given);
    if (given == null && conf.getResource("yarn-site.xml") == null) {
      return Optional.empty();
    }
    // A ResourceManager that is down must not hold the run for the client's default 15 minutes of retries.
    conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS, 10_000);
    conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_RETRY_INTERVAL_MS, 1_000);
    conf.setInt("ipc.client.connect.max.retries", 1);
    conf.setInt("ipc.client.connect.timeout", 5_000);
    // On a thread of its own, so that a ResourceManager that never answers is left behind, not waited for.
    ExecutorService asking = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "partsync-yarn-state-" + applicationId);
      thread.setDaemon(true);
      return thread;
    });
    try {
      return Optional.of(asking.submit(() -> ask(conf, applicationId)).get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException | TimeoutException e) {
      LOG.info("cannot ask YARN for the state of application {} within {} s: {}", applicationId,
          timeout.toSeconds(), e.getMessage());
      LOG.debug("asking YARN for application {}", applicationId, e);
      return Optional.empty();
    } finally {
      asking.shutdownNow();
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
