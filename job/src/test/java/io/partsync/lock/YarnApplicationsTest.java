package io.partsync.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.resourcemanager.ResourceManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A lock holder on another host that ran on YARN: the ResourceManager's answer decides, at once. */
class YarnApplicationsTest {
  private static final LockHolder SELF = new LockHolder("worker-7", 100, Instant.now(), "pid:[1]", "boot-1",
      "local-1", "local[*]");
  private static ResourceManager yarn;
  private static Configuration clientConf;
  private static YarnClient client;

  /** A ResourceManager alone on loopback: unmanaged applications need no NodeManager. */
  @BeforeAll
  static void start() {
    YarnConfiguration conf = new YarnConfiguration();
    // The capacity scheduler would need a queue file; one FIFO queue is all this test needs.
    conf.set(YarnConfiguration.RM_SCHEDULER,
        "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fifo.FifoScheduler");
    for (String address : List.of(YarnConfiguration.RM_ADDRESS, YarnConfiguration.RM_SCHEDULER_ADDRESS,
        YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS, YarnConfiguration.RM_ADMIN_ADDRESS)) {
      conf.set(address, "127.0.0.1:0");
    }
    yarn = new ResourceManager() {
      @Override
      protected void startWepApp() {
        // Its web UI needs JAXB, which Java 17 lacks; the client protocol is all this test asks.
      }
    };
    yarn.init(conf);
    yarn.start();
    clientConf = new YarnConfiguration(conf);
    InetSocketAddress bound = yarn.getClientRMService().getBindAddress();
    clientConf.set(YarnConfiguration.RM_ADDRESS, "127.0.0.1:" + bound.getPort());
    client = YarnClient.createYarnClient();
    client.init(clientConf);
    client.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (yarn != null) {
      yarn.stop();
    }
  }

  @Test
  void aHolderWhoseApplicationWasKilledIsDeadAndOneStillAcceptedIsAlive() throws Exception {
    ApplicationId application = submitUnmanaged();
    Liveness liveness = new Liveness(SELF, pid -> Optional.empty(), new YarnApplications(clientConf, Duration.ofSeconds(15)));
    LockHolder holder = new LockHolder("nm-3", 4242, Instant.now(), "pid:[9]", "boot-9", application.toString(),
        "yarn");

    assertEquals(new Liveness.Verdict(Liveness.Status.ALIVE, "YARN reports its application " + application
        + " as ACCEPTED"), liveness.of(holder));
    client.killApplication(application);
    awaitEnded(application);
    assertEquals(new Liveness.Verdict(Liveness.Status.DEAD, "YARN reports its application " + application
        + " as KILLED"), liveness.of(holder));
  }

  @Test
  void aResourceManagerThatCannotBeReachedLeavesItToTheTtl() {
    Configuration nowhere = new Configuration(false);
    nowhere.set(YarnConfiguration.RM_ADDRESS, "127.0.0.1:1");
    Liveness liveness = new Liveness(SELF, pid -> Optional.empty(), new YarnApplications(nowhere, Duration.ofSeconds(2)));

    assertEquals(Liveness.Status.UNKNOWN, liveness.of(new LockHolder("nm-3", 4242, Instant.now(), null, null,
        "application_1700000000000_0042", "yarn")).status());
  }

  /** The kill is asynchronous: the ResourceManager's own client shows when it took effect. */
  private static void awaitEnded(ApplicationId application) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Set.of(YarnApplicationState.KILLED, YarnApplicationState.FAILED, YarnApplicationState.FINISHED)
        .contains(client.getApplicationReport(application).getYarnApplicationState())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(application + " was not killed within 60 s");
      }
      Thread.sleep(100);
    }
  }

  /** An application whose master YARN never launches: it stays ACCEPTED until killed. */
  private static ApplicationId submitUnmanaged() throws Exception {
    var app = client.createApplication();
    ApplicationSubmissionContext context = app.getApplicationSubmissionContext();
    context.setApplicationName("partsync-holding-a-lock");
    context.setUnmanagedAM(true);
    context.setResource(Resource.newInstance(128, 1));
    context.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(), List.of(), null, null, null));
    return client.submitApplication(context);
  }
}
