package io.partsync.it;

import java.io.IOException;
import java.net.ServerSocket;

/** Ports for servers that are down. */
final class Ports {
  private Ports() {}

  /** A port nothing listens on: bound and let go again, so a connection to it is refused. */
  static int closed() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
