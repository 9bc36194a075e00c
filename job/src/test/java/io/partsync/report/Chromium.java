package io.partsync.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A headless Chromium for tests that look at a page as a person would: it loads a file, evaluates
 * JavaScript in the laid-out page and takes screenshots, over the Chrome DevTools Protocol on the JDK's
 * own WebSocket client. Each instance is a process of its own with a new empty profile; {@link #close()}
 * ends the process and removes the profile.
 *
 * <p>The binary is {@code $PARTSYNC_CHROMIUM}, else {@code /usr/bin/chromium}, else {@code chromium} on
 * the PATH. Without one the tests that need it are skipped, or fail when {@code CI} is set: CI installs
 * it, so its absence there is a broken build, not a missing convenience. Tests start it in
 * {@code @BeforeAll} with {@link #startIfInstalled()} and call {@link #assumeRunning} in {@code @BeforeEach}:
 * an assumption that fails in {@code @BeforeAll} skips the class without a word in Surefire's report.
 */
public final class Chromium implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Chromium.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final long TIMEOUT_SECONDS = 60;
  private static final int WIDTH = 1200;
  private static final int HEIGHT = 900;
  private static final String MISSING = "Chromium not found: the HTML render tests need it. Install it"
      + " (Debian/Ubuntu: apt-get install chromium) or set PARTSYNC_CHROMIUM to its binary";

  private final Process process;
  private final Path profile;
  private final Connection connection;
  private final String session;

  private Chromium(Process process, Path profile, Connection connection, String session) {
    this.process = process;
    this.profile = profile;
    this.connection = connection;
    this.session = session;
  }

  /**
   * Starts a browser with one blank page of 1200 x 900 CSS pixels; null when none is installed, which
   * fails the test instead when {@code CI} is set.
   */
  public static Chromium startIfInstalled() throws IOException {
    Path binary = locate();
    if (binary == null) {
      if (System.getenv("CI") != null) {
        Assertions.fail(MISSING + "; CI=" + System.getenv("CI") + " is set, so this is an error, not a skip");
      }
      LOG.warn("{}; skipping the tests that need it", MISSING);
      return null;
    }
    return start(binary);
  }

  /** Skips the calling test, saying how to install Chromium, when {@link #startIfInstalled()} found none. */
  public static void assumeRunning(Chromium chromium) {
    Assumptions.assumeTrue(chromium != null, MISSING);
  }

  private static Chromium start(Path binary) throws IOException {
    Path profile = Files.createTempDirectory("partsync-chromium");
    Process process;
    try {
      process = new ProcessBuilder(command(binary, profile)).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      deleteTree(profile);
      throw new IOException("cannot start " + binary + ": " + e.getMessage(), e);
    }
    Deque<String> stderrTail = new ArrayDeque<>();
    try {
      String url = devToolsUrl(process, stderrTail);
      Connection connection = Connection.open(url);
      String session = openPage(connection);
      Chromium chromium = new Chromium(process, profile, connection, session);
      LOG.info("started {} ({}), pid {}", binary, chromium.version(), process.pid());
      return chromium;
    } catch (IOException | RuntimeException e) {
      stop(process, false);
      deleteTree(profile);
      throw e;
    }
  }

  /** The browser's product and version, e.g. "Chrome/120.0.6099.224" (Chromium reports itself so). */
  public String version() {
    return connection.call(null, "Browser.getVersion", JSON.createObjectNode()).path("product").asText();
  }

  /**
   * Opens a local file and returns once its load event fired, so layout is done and images decoded. A
   * load event of the page before (the blank one) is told apart by the document it leaves loaded.
   */
  public void open(Path file) {
    String url = file.toUri().toString();
    try (Connection.Events loads = connection.events(session, "Page.loadEventFired")) {
      JsonNode navigated = connection.call(session, "Page.navigate", JSON.createObjectNode().put("url", url));
      if (navigated.hasNonNull("errorText")) {
        throw new IllegalStateException("Chromium cannot open " + file + ": " + navigated.get("errorText").asText());
      }
      String loaded = "document.readyState === 'complete' && location.href === " + JSON.valueToTree(url);
      do {
        loads.next("the load event of " + file);
      } while (!evaluate(loaded).asBoolean());
    }
  }

  /** The value of a JavaScript expression in the page; objects and arrays come back as JSON. */
  public JsonNode evaluate(String expression) {
    JsonNode result = connection.call(session, "Runtime.evaluate", JSON.createObjectNode()
        .put("expression", expression).put("returnByValue", true).put("awaitPromise", true));
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException("JavaScript failed in Chromium: " + expression + ": "
          + result.get("exceptionDetails").path("exception").path("description").asText(
              result.get("exceptionDetails").path("text").asText()));
    }
    return result.path("result").path("value");
  }

  /** A PNG of the whole page, below the window's bottom edge too. */
  public byte[] screenshot() {
    JsonNode size = connection.call(session, "Page.getLayoutMetrics", JSON.createObjectNode()).path("cssContentSize");
    ObjectNode clip = JSON.createObjectNode().put("x", 0).put("y", 0).put("scale", 1)
        .put("width", Math.ceil(size.path("width").asDouble(WIDTH)))
        .put("height", Math.ceil(size.path("height").asDouble(HEIGHT)));
    ObjectNode params = JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
    params.set("clip", clip);
    return Base64.getDecoder().decode(connection.call(session, "Page.captureScreenshot", params).path("data").asText());
  }

  @Override
  public void close() {
    try {
      connection.send(null, "Browser.close", JSON.createObjectNode());
    } catch (RuntimeException e) {
      LOG.debug("Browser.close was not sent; the process is ended instead", e);
    }
    connection.close();
    stop(process, true);
    deleteTree(profile);
  }

  private static List<String> command(Path binary, Path profile) {
    return List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--hide-scrollbars", "--window-size=" + WIDTH + "," + HEIGHT, "--remote-debugging-port=0",
        "--user-data-dir=" + profile, "about:blank");
  }

  /** The binary to run, or null when there is none; a PARTSYNC_CHROMIUM naming no binary is an error. */
  private static Path locate() {
    String configured = System.getenv("PARTSYNC_CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      Assertions.assertTrue(Files.isExecutable(path), "PARTSYNC_CHROMIUM=" + configured + " is not an executable file");
      return path;
    }
    return Stream.concat(Stream.of(Path.of("/usr/bin/chromium")), onPath("chromium"))
        .filter(Files::isExecutable).findFirst().orElse(null);
  }

  private static Stream<Path> onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(java.io.File.pathSeparator)).filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, name));
  }

  /**
   * Reads the browser's stderr until it names its DevTools endpoint, then keeps draining it (a full pipe
   * would stall the browser), remembering the last lines for error messages.
   */
  private static String devToolsUrl(Process process, Deque<String> tail) throws IOException {
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader err = new BufferedReader(
          new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line = err.readLine(); line != null; line = err.readLine()) {
          remember(tail, line);
          Matcher m = DEVTOOLS.matcher(line);
          if (m.find()) {
            url.complete(m.group(1));
          }
        }
      } catch (IOException e) {
        url.completeExceptionally(e);
      }
      url.completeExceptionally(new IOException("Chromium exited before it opened DevTools; its last output: "
          + String.join(" | ", snapshot(tail))));
    }, "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    try {
      return url.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("Chromium did not open DevTools within " + TIMEOUT_SECONDS + " s; its last output: "
          + String.join(" | ", snapshot(tail)), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for Chromium to start", e);
    }
  }

  private static void remember(Deque<String> tail, String line) {
    synchronized (tail) {
      tail.addLast(line);
      if (tail.size() > 20) {
        tail.removeFirst();
      }
    }
  }

  private static List<String> snapshot(Deque<String> tail) {
    synchronized (tail) {
      return new ArrayList<>(tail);
    }
  }

  /** A new page of fixed size, attached to the browser connection as a session of its own. */
  private static String openPage(Connection connection) {
    String target = connection.call(null, "Target.createTarget", JSON.createObjectNode().put("url", "about:blank"))
        .path("targetId").asText();
    String session = connection.call(null, "Target.attachToTarget",
        JSON.createObjectNode().put("targetId", target).put("flatten", true)).path("sessionId").asText();
    connection.call(session, "Page.enable", JSON.createObjectNode());
    connection.call(session, "Emulation.setDeviceMetricsOverride", JSON.createObjectNode().put("width", WIDTH)
        .put("height", HEIGHT).put("deviceScaleFactor", 1).put("mobile", false));
    return session;
  }

  /** Ends the browser: {@code asked} when Browser.close was sent, so it gets a moment to exit by itself. */
  private static void stop(Process process, boolean asked) {
    List<ProcessHandle> children = process.descendants().toList();
    try {
      if (!asked || !process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    // Renderer and helper processes normally leave with the browser; any left behind would hold the profile.
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("cannot remove Chromium's temporary profile {}: {}", dir, e.getMessage());
    }
  }

  /** One DevTools WebSocket: numbered calls matched to their replies, and events to their waiters. */
  private static final class Connection implements WebSocket.Listener {
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
    private final List<Events> subscriptions = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    /** The events of one method in one session, from subscribing until closed, none missed. */
    final class Events implements AutoCloseable {
      private final String session;
      private final String method;
      private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
      private volatile Throwable failure;

      private Events(String session, String method) {
        this.session = session;
        this.method = method;
      }

      JsonNode next(String what) {
        try {
          JsonNode event = received.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          if (failure != null) {
            throw new IllegalStateException("Chromium: no " + what + ": " + failure.getMessage(), failure);
          }
          if (event == null) {
            throw new IllegalStateException("Chromium: no " + what + " within " + TIMEOUT_SECONDS + " s");
          }
          return event;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
      }

      @Override
      public void close() {
        subscriptions.remove(this);
      }
    }

    static Connection open(String url) throws IOException {
      Connection connection = new Connection();
      try {
        connection.socket = HttpClient.newHttpClient().newWebSocketBuilder()
            .buildAsync(URI.create(url), connection).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new IOException("cannot connect to Chromium's DevTools at " + url + ": " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while connecting to " + url, e);
      }
      return connection;
    }

    /** Subscribe before the call that causes the events, so that none is missed. */
    Events events(String session, String method) {
      Events events = new Events(session, method);
      subscriptions.add(events);
      return events;
    }

    JsonNode call(String session, String method, ObjectNode params) {
      return await(send(session, method, params), method);
    }

    CompletableFuture<JsonNode> send(String session, String method, ObjectNode params) {
      int id = ids.incrementAndGet();
      CompletableFuture<JsonNode> reply = new CompletableFuture<>();
      replies.put(id, reply);
      ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
      message.set("params", params);
      if (session != null) {
        message.put("sessionId", session);
      }
      socket.sendText(message.toString(), true).join();
      return reply;
    }

    static JsonNode await(CompletableFuture<JsonNode> future, String what) {
      try {
        return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        throw new IllegalStateException("Chromium: " + what + " failed: " + e.getCause().getMessage(), e.getCause());
      } catch (TimeoutException e) {
        throw new IllegalStateException("Chromium: no answer to " + what + " within " + TIMEOUT_SECONDS + " s", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        dispatch(text);
      }
      webSocket.request(1);
      return null;
    }

    private void dispatch(String text) {
      JsonNode message;
      try {
        message = JSON.readTree(text);
      } catch (IOException e) {
        LOG.warn("unreadable DevTools message: {}", text, e);
        return;
      }
      if (message.has("id")) {
        CompletableFuture<JsonNode> reply = replies.remove(message.get("id").asInt());
        if (reply != null && message.has("error")) {
          reply.completeExceptionally(new IllegalStateException(message.get("error").toString()));
        } else if (reply != null) {
          reply.complete(message.path("result"));
        }
        return;
      }
      String method = message.path("method").asText();
      String session = message.hasNonNull("sessionId") ? message.get("sessionId").asText() : null;
      for (Events events : subscriptions) {
        if (events.method.equals(method) && Objects.equals(events.session, session)) {
          events.received.add(message.path("params"));
        }
      }
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      failAll(error);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      failAll(new IOException("DevTools connection closed (" + statusCode + " " + reason + ")"));
      return null;
    }

    private void failAll(Throwable error) {
      replies.values().forEach(r -> r.completeExceptionally(error));
      replies.clear();
      subscriptions.forEach(events -> {
        events.failure = error;
        events.received.add(MissingNode.getInstance()); // wakes a waiting next()
      });
    }

    void close() {
      if (socket != null && !socket.isOutputClosed()) {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS)
            .exceptionally(e -> null).join();
      }
    }
  }
}
