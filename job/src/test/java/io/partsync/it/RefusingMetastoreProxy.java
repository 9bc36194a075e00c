package io.partsync.it;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.thrift.ProcessFunction;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.TProcessor;
import org.apache.thrift.TProcessorFactory;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolUtil;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.server.TServer;
import org.apache.thrift.server.TThreadPoolServer;
import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;

/**
 * A Thrift server on loopback that passes every metastore call on to a real metastore, except the calls it
 * is told to refuse, which it answers as a server without them does: "Invalid method name". Stands for a
 * metastore version that lacks a call partsync makes, over a real metastore's data.
 */
final class RefusingMetastoreProxy implements AutoCloseable {
  private final TServer server;
  private final TServerSocket socket;
  private final List<TTransport> upstreams = new CopyOnWriteArrayList<>();

  private RefusingMetastoreProxy(String realUri, Set<String> refused) throws TException {
    URI real = URI.create(realUri);
    socket = new TServerSocket(new InetSocketAddress("127.0.0.1", 0));
    TProcessorFactory perConnection = new TProcessorFactory(null) {
      @Override
      public TProcessor getProcessor(TTransport client) {
        try {
          TSocket upstream = new TSocket(real.getHost(), real.getPort());
          upstream.open();
          upstreams.add(upstream);
          return new Forwarding(new ThriftHiveMetastore.Client(new TBinaryProtocol(upstream)), refused);
        } catch (TException e) {
          throw new IllegalStateException("cannot reach the real metastore " + realUri, e);
        }
      }
    };
    server = new TThreadPoolServer(new TThreadPoolServer.Args(socket).processorFactory(perConnection)
        .protocolFactory(new TBinaryProtocol.Factory()).minWorkerThreads(1).maxWorkerThreads(8));
    Thread serving = new Thread(server::serve, "refusing-metastore-proxy");
    serving.setDaemon(true);
    serving.start();
  }

  /** A proxy for the metastore at {@code realUri} that refuses the Thrift methods named. */
  static RefusingMetastoreProxy start(String realUri, Set<String> refused) throws TException {
    return new RefusingMetastoreProxy(realUri, refused);
  }

  String uri() {
    return "thrift://127.0.0.1:" + socket.getServerSocket().getLocalPort();
  }

  @Override
  public void close() {
    server.stop();
    upstreams.forEach(TTransport::close);
  }

  /** One client connection's calls, passed on through its own connection to the real metastore. */
  private static final class Forwarding implements TProcessor {
    private final ThriftHiveMetastore.Client upstream;
    private final Set<String> refused;
    @SuppressWarnings("rawtypes")
    private final Map<String, ProcessFunction<ThriftHiveMetastore.Iface, ? extends org.apache.thrift.TBase>> calls;

    Forwarding(ThriftHiveMetastore.Client upstream, Set<String> refused) {
      this.upstream = upstream;
      this.refused = refused;
      this.calls = new ThriftHiveMetastore.Processor<ThriftHiveMetastore.Iface>(upstream).getProcessMapView();
    }

    @Override
    public void process(TProtocol in, TProtocol out) throws TException {
      TMessage call = in.readMessageBegin();
      var function = refused.contains(call.name) ? null : calls.get(call.name);
      if (function == null) {
        TProtocolUtil.skip(in, TType.STRUCT);
        in.readMessageEnd();
        out.writeMessageBegin(new TMessage(call.name, TMessageType.EXCEPTION, call.seqid));
        new TApplicationException(TApplicationException.UNKNOWN_METHOD, "Invalid method name: '" + call.name + "'")
            .write(out);
        out.writeMessageEnd();
        out.getTransport().flush();
        return;
      }
      function.process(call.seqid, in, out, upstream);
    }
  }
}
