package io.partsync.fs;

import io.partsync.failure.Messages;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.AccessControlException;

/**
 * Bounds how long a run waits for a name node. Hadoop's own defaults retry a refused connection ten
 * times and wait two minutes for an RPC that a wedged server accepted but never answers; an hourly job
 * that hits either should fail in seconds with the address it tried, before it writes anything.
 */
public final class Reachability {
  static final String CONNECT_TIMEOUT = "ipc.client.connect.timeout";
  static final String CONNECT_RETRIES = "ipc.client.connect.max.retries";
  static final String TIMEOUT_RETRIES = "ipc.client.connect.max.retries.on.timeouts";
  static final String RPC_TIMEOUT = "ipc.client.rpc-timeout.ms";

  private Reachability() {}

  /**
   * The cluster's properties with partsync's connect bounds added where the user set none: a connection
   * attempt takes at most {@code timeout}, and a refused or timed-out one is retried once.
   */
  public static Map<String, String> withConnectBounds(Map<String, String> properties, Duration timeout) {
    Map<String, String> bounded = new java.util.LinkedHashMap<>(properties);
    bounded.putIfAbsent(CONNECT_TIMEOUT, Long.toString(timeout.toMillis()));
    bounded.putIfAbsent(CONNECT_RETRIES, "1");
    bounded.putIfAbsent(TIMEOUT_RETRIES, "1");
    return bounded;
  }

  /**
   * Asks the cluster's default file system for its root within {@code timeout} (plus one retry of the
   * connection), or fails naming the file system, the config key that names it, and why.
   *
   * @param key the config key that names the file system, e.g. {@code target.default-fs}
   */
  public static void check(String role, String key, Map<String, String> properties, Duration timeout) {
    Map<String, String> probing = new HashMap<>(withConnectBounds(properties, timeout));
    probing.put(RPC_TIMEOUT, Long.toString(timeout.toMillis()));
    String uri = properties.get("fs.defaultFS");
    ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "partsync-probe-" + role);
      t.setDaemon(true);
      return t;
    });
    try {
      Future<?> probe = thread.submit(() -> {
        Configuration conf = HadoopConfs.toConfiguration(probing);
        try (FileSystem fs = FileSystem.newInstance(URI.create(uri), conf)) {
          fs.getFileStatus(new Path("/"));
        }
        return null;
      });
      // The RPC timeout bounds each call; this bounds everything else (resolving, a retry) as well.
      probe.get(timeout.toMillis() * 3 + 1000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw unreachable(role, key, uri, "no answer within " + (timeout.toSeconds() * 3 + 1) + " s", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof AccessControlException) {
        return; // reachable: permissions are checked where they matter, on the table locations
      }
      throw unreachable(role, key, uri, reason(cause), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(role, key, uri, "interrupted", e);
    } finally {
      thread.shutdownNow();
    }
  }

  private static ClusterUnreachableException unreachable(String role, String key, String uri, String reason,
      Throwable cause) {
    return new ClusterUnreachableException("cannot reach the " + role + " file system " + uri + ": " + reason
        + "; check '" + key + "' and that its name node is running", cause);
  }

  /** What went wrong, in a few words: Hadoop wraps the telling exception at varying depths. */
  static String reason(Throwable failure) {
    for (Throwable e : Messages.causes(failure)) {
      if (e instanceof UnknownHostException) {
        return "unknown host " + e.getMessage().replaceFirst(":.*", "");
      }
      if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
        return "connection refused";
      }
      if (e instanceof SocketTimeoutException) {
        return "no answer within the connect timeout ('connect-timeout')";
      }
    }
    return Messages.firstLine(failure);
  }

  /** Whether {@code failure} is, somewhere in its causes, a network failure that {@link #check} reports. */
  public static boolean isNetworkFailure(Throwable failure) {
    return Messages.causedBy(failure, UnknownHostException.class, ConnectException.class,
        NoRouteToHostException.class, SocketTimeoutException.class);
  }
}
