package io.partsync.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Spark standalone master (or the masters of an HA pair) as seen from outside: the state of a driver
 * submitted in cluster deploy mode, asked of the REST submission server ({@code spark.master.rest.enabled})
 * and else of the web UI's JSON page, which every master serves.
 *
 * @param hosts the masters' host names, from {@code spark://host1:port1,host2:port2}
 */
public record StandaloneMaster(List<String> hosts, int restPort, int webUiPort) {
  /** The states a driver does not leave (Spark's {@code DriverState}). */
  public static final Set<String> FINAL_STATES = Set.of("FINISHED", "FAILED", "ERROR", "KILLED");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public StandaloneMaster {
    hosts = List.copyOf(hosts);
  }

  /** The master(s) of {@code masterUrl}, {@code spark://host:port[,host:port...]}. */
  public static StandaloneMaster of(String masterUrl, int restPort, int webUiPort) {
    if (!masterUrl.startsWith("spark://")) {
      throw new IllegalArgumentException("not a Spark standalone master URL: '" + masterUrl
          + "'; expected spark://host:port");
    }
    List<String> hosts = new ArrayList<>();
    for (String hostPort : masterUrl.substring("spark://".length()).split(",")) {
      int colon = hostPort.lastIndexOf(':');
      hosts.add(colon < 0 ? hostPort : hostPort.substring(0, colon));
    }
    return new StandaloneMaster(hosts, restPort, webUiPort);
  }

  /**
   * The driver's state as the first master that knows it says, e.g. RUNNING or FINISHED; empty when no
   * master answered or none knows the driver.
   *
   * @throws IOException naming every address tried, when no master could be asked at all
   */
  public Optional<String> driverState(String driverId) throws IOException {
    List<String> failures = new ArrayList<>();
    boolean answered = false;
    for (String host : hosts) {
      for (Source source : List.of(Source.REST, Source.WEB_UI)) {
        URI uri = source.uri(this, host, driverId);
        try {
          Optional<String> state = source.state(get(uri), driverId);
          answered = true;
          if (state.isPresent()) {
            return state;
          }
        } catch (IOException e) {
          failures.add(uri + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
      }
    }
    if (!answered) {
      throw new IOException("no Spark master answered: " + String.join("; ", failures));
    }
    return Optional.empty();
  }

  private static JsonNode get(URI uri) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2 && !response.body().startsWith("{")) {
        throw new IOException("HTTP " + response.statusCode());
      }
      return JSON.readTree(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Where a master tells a driver's state. */
  private enum Source {
    /** {@code GET /v1/submissions/status/<id>}: {@code {"driverState": "FINISHED", "success": true, ...}}. */
    REST {
      @Override
      URI uri(StandaloneMaster master, String host, String driverId) {
        return URI.create("http://" + host + ":" + master.restPort + "/v1/submissions/status/" + driverId);
      }

      @Override
      Optional<String> state(JsonNode response, String driverId) {
        // A master that does not know the id answers success false and no state worth reading.
        return response.path("success").asBoolean(false) ? text(response.path("driverState")) : Optional.empty();
      }
    },
    /** {@code GET /json/}: the master's whole state, drivers under activedrivers and completeddrivers. */
    WEB_UI {
      @Override
      URI uri(StandaloneMaster master, String host, String driverId) {
        return URI.create("http://" + host + ":" + master.webUiPort + "/json/");
      }

      @Override
      Optional<String> state(JsonNode response, String driverId) {
        for (String list : List.of("activedrivers", "completeddrivers")) {
          for (JsonNode driver : response.path(list)) {
            if (driverId.equals(driver.path("id").asText())) {
              return text(driver.path("state"));
            }
          }
        }
        return Optional.empty();
      }
    };

    abstract URI uri(StandaloneMaster master, String host, String driverId);

    abstract Optional<String> state(JsonNode response, String driverId);

    private static Optional<String> text(JsonNode node) {
      return node.isTextual() && !node.asText().isEmpty() ? Optional.of(node.asText()) : Optional.empty();
    }
  }
}
