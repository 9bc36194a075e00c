package io.partsync.embedded;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Runs a static method in a class loader of its own over this JVM's class path, for servers that keep
 * JVM-wide state per loader: Hive 2.3's persistence manager, Hadoop's login user.
 */
public final class IsolatedLoader {
  private IsolatedLoader() {}

  /**
   * Loads {@code className} afresh in a loader named {@code loaderName} and calls its static {@code method}
   * with that loader as the thread's context loader.
   *
   * @throws InvocationTargetException with what the method threw
   */
  public static void call(String loaderName, String className, String method, Class<?>[] parameterTypes,
      Object... args) throws ReflectiveOperationException {
    ClassLoader isolated = new URLClassLoader(loaderName, classPath(), ClassLoader.getPlatformClassLoader());
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(isolated);
    try {
      Class.forName(className, true, isolated).getMethod(method, parameterTypes).invoke(null, args);
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  /** This JVM's class path, with a manifest-only jar (as Surefire uses) expanded to its entries. */
  private static URL[] classPath() {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      File file = new File(entry);
      try {
        urls.add(file.toURI().toURL());
        if (file.isFile() && file.getName().endsWith(".jar")) {
          addManifestClassPath(file, urls);
        }
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      }
    }
    return urls.toArray(URL[]::new);
  }

  private static void addManifestClassPath(File jar, List<URL> urls) {
    try (JarFile file = new JarFile(jar)) {
      Manifest manifest = file.getManifest();
      String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
      if (classPath != null) {
        for (String entry : classPath.trim().split("\\s+")) {
          urls.add(new URL(jar.toURI().toURL(), entry));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
