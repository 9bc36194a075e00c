package io.partsync.it;

import io.partsync.ExitCode;
import io.partsync.PartSync;
import io.partsync.config.ConfigLoader;
import io.partsync.config.SyncConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * {@link PartSync#main} for the Kerberos test, in a JVM of its own: the same run, then it writes the
 * delegation tokens the login user holds to a file (kind, service and their secret encodings) so the test
 * can check they were obtained and that none of them appears in what the run printed, logged or reported.
 */
public final class KerberizedRun {
  private KerberizedRun() {}

  /**
   * {@code KerberizedRun <config.yaml> <tokens file> [<keytab>]}; exits with partsync's exit code. With a
   * keytab, the process first logs in as the config's principal from it, as spark-submit does with
   * {@code --principal/--keytab}.
   */
  public static void main(String[] args) throws Exception {
    SyncConfig config = ConfigLoader.load(Path.of(args[0]));
    if (args.length > 2) {
      Configuration conf = new Configuration();
      conf.set("hadoop.security.authentication", "kerberos");
      UserGroupInformation.setConfiguration(conf);
      UserGroupInformation.loginUserFromKeytab(config.kerberos().orElseThrow().principal(), args[2]);
    }
    SparkSession spark = SparkSession.builder().appName("partsync").getOrCreate();
    ExitCode code;
    try {
      code = PartSync.run(config, JavaSparkContext.fromSparkContext(spark.sparkContext()), System.out, System.err);
    } finally {
      spark.stop();
    }
    List<String> lines = new ArrayList<>();
    for (Token<?> token : UserGroupInformation.getLoginUser().getCredentials().getAllTokens()) {
      lines.add(String.join("\t", token.getKind().toString(), token.getService().toString(),
          token.encodeToUrlString(), Base64.getEncoder().encodeToString(token.getIdentifier()),
          Base64.getEncoder().encodeToString(token.getPassword())));
    }
    lines.add("login\t" + UserGroupInformation.getLoginUser().getUserName());
    Files.write(Path.of(args[1]), lines, StandardCharsets.UTF_8);
    System.exit(code.code());
  }
}
