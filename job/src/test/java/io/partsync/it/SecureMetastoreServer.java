package io.partsync.it;

import io.partsync.embedded.MetastoreServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.HiveMetaStore;
import org.apache.hadoop.hive.shims.ShimLoader;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * A Hive 2.3 Metastore Thrift server that requires Kerberos (SASL), with the Derby database and settings
 * of {@link MetastoreServer}. Loaded in a class loader of its own, so its Hadoop login (the metastore's
 * service principal) is its own and not the test JVM's.
 */
public final class SecureMetastoreServer {
  private SecureMetastoreServer() {}

  /**
   * Called reflectively from the isolated loader; returns once the server is serving.
   *
   * @param settings the Kerberos and HDFS client settings: principal, keytab, the name node's principal
   */
  public static void start(int port, String derbyDir, Map<String, String> settings) throws Exception {
    HiveConf conf = MetastoreServer.conf(derbyDir, settings);
    // This loader's Hadoop is Kerberized only once told; the SASL server then logs in from the keytab.
    UserGroupInformation.setConfiguration(conf);
    Lock lock = new ReentrantLock();
    Condition started = lock.newCondition();
    AtomicBoolean serving = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread server = new Thread(() -> {
      try {
        HiveMetaStore.startMetaStore(port, ShimLoader.getHadoopThriftAuthBridge(), conf, lock, started, serving);
      } catch (Throwable e) {
        failure.set(e);
        lock.lock();
        try {
          started.signalAll();
        } finally {
          lock.unlock();
        }
      }
    }, "secure-metastore-" + port);
    server.setDaemon(true);
    lock.lock();
    try {
      server.start();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (!serving.get() && failure.get() == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException("the secure metastore on port " + port + " did not start within 2 min");
        }
        started.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("the secure metastore on port " + port + " failed to start", failure.get());
    }
  }
}
