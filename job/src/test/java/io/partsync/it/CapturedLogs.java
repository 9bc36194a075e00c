package io.partsync.it;

import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Everything logged during each test, partsync at debug level and everything else as configured, for a
 * test that looks for what must never be logged. Registered with {@code @RegisterExtension}.
 */
final class CapturedLogs implements BeforeEachCallback, AfterEachCallback {
  private StringWriter logs = new StringWriter();
  private WriterAppender appender;

  @Override
  public void beforeEach(ExtensionContext test) {
    logs = new StringWriter();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    appender = WriterAppender.newBuilder().setName("captured-" + test.getUniqueId()).setTarget(logs)
        .setLayout(PatternLayout.newBuilder().withPattern("%p %c: %m%n%ex").build()).build();
    appender.start();
    context.getConfiguration().addAppender(appender);
    context.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
    Configurator.setLevel("io.partsync", Level.DEBUG);
    context.updateLoggers();
  }

  @Override
  public void afterEach(ExtensionContext test) {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().getRootLogger().removeAppender(appender.getName());
    Configurator.setLevel("io.partsync", Level.INFO);
    context.updateLoggers();
    appender.stop();
  }

  /** What was logged so far in this test. */
  String text() {
    return logs.toString();
  }
}
