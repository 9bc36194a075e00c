package io.partsync.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback TCP proxy in front of one server that counts the bytes it passes each way: what clients
 * pointed at {@link #endpoint} upload and download, as TCP payload (HTTP headers and bodies, no TCP/IP
 * headers). Every client connection gets its own connection to the server and two copying threads; the
 * counters are shared and reset between measurements.
 */
final class CountingProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CountingProxy.class);
  private static final int BUFFER_BYTES = 64 * 1024;

  /** Bytes and connections counted since the last reset. */
  record Traffic(long uploaded, long downloaded, long connections) {}

  private final String name;
  private final InetSocketAddress upstream;
  private final ServerSocket server;
  private final ExecutorService threads;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong uploaded = new AtomicLong();
  private final AtomicLong downloaded = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();

  private CountingProxy(String name, InetSocketAddress upstream, ServerSocket server) {
    this.name = name;
    this.upstream = upstream;
    this.server = server;
    AtomicInteger counter = new AtomicInteger();
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread thread = new Thread(r, "proxy-" + name + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Starts a proxy on a free loopback port in front of {@code host:port}. */
  static CountingProxy start(String name, String host, int port) throws IOException {
    ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    CountingProxy proxy = new CountingProxy(name, new InetSocketAddress(host, port), server);
    proxy.threads.execute(proxy::accept);
    return proxy;
  }

  /** The HTTP endpoint that reaches the server through this proxy. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** The counts since the last reset, then zero again. */
  Traffic reset() {
    return new Traffic(uploaded.getAndSet(0), downloaded.getAndSet(0), connections.getAndSet(0));
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        connections.incrementAndGet();
        threads.execute(() -> connect(client));
      } catch (IOException e) {
        if (!server.isClosed()) {
          LOG.warn("proxy {}: accept failed", name, e);
        }
      }
    }
  }

  private void connect(Socket client) {
    Socket backend = new Socket();
    try {
      // Small requests and responses would otherwise wait on Nagle's algorithm at each hop.
      client.setTcpNoDelay(true);
      backend.setTcpNoDelay(true);
      backend.connect(upstream, 10_000);
    } catch (IOException e) {
      LOG.warn("proxy {}: cannot reach {}", name, upstream, e);
      closeQuietly(client);
      closeQuietly(backend);
      return;
    }
    open.add(client);
    open.add(backend);
    Pair pair = new Pair(client, backend);
    threads.execute(() -> pump(client, backend, uploaded, pair));
    pump(backend, client, downloaded, pair);
  }

  /** The two sockets of one client connection; both are closed once both directions have ended. */
  private final class Pair {
    private final Socket client;
    private final Socket backend;
    private final AtomicInteger running = new AtomicInteger(2);

    Pair(Socket client, Socket backend) {
      this.client = client;
      this.backend = backend;
    }

    void ended() {
      if (running.decrementAndGet() == 0) {
        close();
      }
    }

    void close() {
      closeQuietly(client);
      closeQuietly(backend);
      open.remove(client);
      open.remove(backend);
    }
  }

  /**
   * Copies {@code from} to {@code to} until the end of the stream, then half-closes {@code to} so the peer
   * sees the same end; a broken connection closes both sides.
   */
  private static void pump(Socket from, Socket to, AtomicLong counter, Pair pair) {
    byte[] buffer = new byte[BUFFER_BYTES];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
        counter.addAndGet(n);
      }
      to.shutdownOutput();
      pair.ended();
    } catch (IOException e) {
      // A reset or a close from the other direction: the connection is over either way.
      pair.close();
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
    open.forEach(CountingProxy::closeQuietly);
    threads.shutdownNow();
  }
}
