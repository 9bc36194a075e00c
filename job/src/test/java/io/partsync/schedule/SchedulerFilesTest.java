package io.partsync.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.partsync.plan.RunId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Checks the scheduler files in conf/ without a scheduler: the Airflow DAG through Python's own parser
 * (no Airflow needed), the Oozie workflow against Oozie's schemas and for what it passes to partsync.
 */
class SchedulerFilesTest {
  private static final Path DAG = Path.of("..", "conf", "airflow", "partsync_dag.py");
  private static final Path WORKFLOW = Path.of("..", "conf", "oozie", "workflow.xml");
  private static final Path JOB_PROPERTIES = Path.of("..", "conf", "oozie", "job.properties");

  /** What partsync accepts after --run-id: it names directories and snapshots. */
  private static final Pattern RUN_ID = RunId.PATTERN;
  private static final String MAIN_CLASS = "io.partsync.PartSync";
  private static final String OPERATOR = "SparkSubmitOperator";
  private static final String OOZIE_WORKFLOW_NS = "uri:oozie:workflow:";
  private static final String OOZIE_SPARK_NS = "uri:oozie:spark-action:";

  /**
   * Parses the DAG with ast (and compiles it, which finds what parsing alone does not) and prints as
   * JSON: the imports, each class's bases, names and strings, each call of a plain name with its
   * arguments, and the module's constants. Values are literals where they are (names of module
   * constants resolved), else {"expr": source}.
   */
  private static final String DAG_FACTS_SCRIPT = """
      import ast, json, sys

      path = sys.argv[1]
      with open(path, encoding="utf-8") as f:
          tree = ast.parse(f.read(), path)
      compile(tree, path, "exec")

      constants = {}
      for node in tree.body:
          if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
              constants[node.targets[0].id] = node.value

      def value(node):
          if isinstance(node, ast.Name) and node.id in constants:
              return value(constants[node.id])
          if isinstance(node, ast.Constant):
              return node.value
          if isinstance(node, ast.Dict) and None not in node.keys:
              return {str(value(k)): value(v) for k, v in zip(node.keys, node.values)}
          if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
              return [value(e) for e in node.elts]
          return {"expr": ast.unparse(node)}

      imports, classes, calls = [], {}, []
      for node in ast.walk(tree):
          if isinstance(node, ast.ImportFrom):
              imports += [(node.module or "") + "." + a.name for a in node.names]
          elif isinstance(node, ast.Import):
              imports += [a.name for a in node.names]
          elif isinstance(node, ast.ClassDef):
              inner = list(ast.walk(node))
              classes[node.name] = {
                  "bases": [ast.unparse(b) for b in node.bases],
                  "names": sorted({n.id for n in inner if isinstance(n, ast.Name)}),
                  "strings": [n.value for n in inner if isinstance(n, ast.Constant) and isinstance(n.value, str)],
              }
          elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
              calls.append({
                  "func": node.func.id,
                  "args": [value(a) for a in node.args],
                  "kwargs": {k.arg: value(k.value) for k in node.keywords if k.arg},
              })
      print(json.dumps({"imports": imports, "classes": classes, "calls": calls,
                        "constants": {k: value(v) for k, v in constants.items()}}, default=repr))
      """;

  private static Map<String, Object> dagFacts;

  // ---- Airflow ----------------------------------------------------------------------------------

  @Test
  void dagSubmitsPartSyncWithSparkSubmitOperatorInClientMode() throws Exception {
    Map<String, Object> facts = dagFacts();
    assertTrue(list(facts.get("imports")).contains(
        "airflow.providers.apache.spark.operators.spark_submit." + OPERATOR), "imports: " + facts.get("imports"));
    List<Map<String, Object>> operators = operatorCalls(facts);
    assertFalse(operators.isEmpty(), "no call of " + OPERATOR + " or a subclass of it");
    for (Map<String, Object> op : operators) {
      assertEquals(MAIN_CLASS, op.get("java_class"));
      // Client mode: the driver's exit code is spark-submit's, so it reaches Airflow.
      assertEquals("client", op.get("deploy_mode"));
      assertNonBlank(op, "conn_id");
      assertNonBlank(op, "application");
    }
  }

  @Test
  void dagRunsHourlyWithoutCatchupOneRunAtATimeWithRetries() throws Exception {
    Map<String, Object> dag = dagCall(dagFacts());
    assertEquals("@hourly", dag.get("schedule"));
    assertEquals(false, dag.get("catchup"));
    assertEquals(1, dag.get("max_active_runs"));
    Map<String, Object> defaults = map(dag.get("default_args"));
    assertTrue(defaults.get("retries") instanceof Integer retries && retries >= 1, "retries: " + defaults);
    assertTrue(String.valueOf(defaults.get("retry_delay")).contains("timedelta("), "retry_delay: " + defaults);
  }

  @Test
  void dagPassesTheConfigAndARunIdThatIsTheSameOnEveryRetry() throws Exception {
    Map<String, Object> facts = dagFacts();
    String dagId = (String) dagCall(facts).get("dag_id");
    for (Map<String, Object> op : operatorCalls(facts)) {
      List<Object> args = list(op.get("application_args"));
      assertTrue(args.size() >= 3 && args.get(0) instanceof String config && !config.startsWith("--"),
          "the config comes first: " + args);
      int runId = args.indexOf("--run-id");
      assertTrue(runId > 0 && runId + 1 < args.size(), "--run-id and its value: " + args);
      assertTrue(args.get(runId + 1) instanceof String, "a template, not an expression: " + args);
      String rendered = renderAirflow((String) args.get(runId + 1), dagId);
      assertTrue(RUN_ID.matcher(rendered).matches(), "rendered run id '" + rendered + "' is not " + RUN_ID);
    }
  }

  @Test
  void dagSizesExecutorsAsSubmitShDoesAndGetsTokensForBothClusters() throws Exception {
    for (Map<String, Object> op : operatorCalls(dagFacts())) {
      assertNonBlank(op, "principal");
      assertNonBlank(op, "keytab");
      assertTrue(op.get("num_executors") instanceof Integer n && n >= 1, "num_executors: " + op);
      assertTrue(String.valueOf(op.get("executor_memory")).matches("(?i)[0-9]+[kmgt]b?"), "executor_memory: " + op);
      Map<String, Object> conf = map(op.get("conf"));
      assertEquals(String.valueOf(op.get("executor_cores")), conf.get("spark.task.cpus"),
          "one copy task per executor: spark.task.cpus must equal executor_cores");
      assertEquals("false", conf.get("spark.dynamicAllocation.enabled"));
      assertTwoFileSystems(String.valueOf(conf.get("spark.kerberos.access.hadoopFileSystems")));
    }
  }

  @Test
  void dagDoesNotRetryConfigErrorsOrRefusedTables() throws Exception {
    Map<String, Object> facts = dagFacts();
    assertEquals(Set.of(2, 3, 6), new HashSet<>(list(map(facts.get("constants")).get("NO_RETRY_EXIT_CODES"))));
    Map<String, Object> subclass = operatorSubclasses(facts).values().stream().findFirst()
        .orElseThrow(() -> new AssertionError("no subclass of " + OPERATOR + " maps exit codes"));
    assertTrue(list(subclass.get("names")).containsAll(List.of("NO_RETRY_EXIT_CODES", "AirflowFailException")),
        "names used: " + subclass.get("names"));
    // The hook's failure message is the only place the exit code reaches the operator.
    String hookMessage = "Cannot execute: spark-submit --master yarn --class " + MAIN_CLASS + ". Error code is: 3.";
    boolean found = list(subclass.get("strings")).stream().map(String.class::cast).anyMatch(s -> {
      try {
        Matcher m = Pattern.compile(s).matcher(hookMessage);
        return m.find() && m.groupCount() >= 1 && "3".equals(m.group(1));
      } catch (RuntimeException notARegex) {
        return false;
      }
    });
    assertTrue(found, "no pattern in the operator takes the exit code out of: " + hookMessage);
  }

  // ---- Oozie ------------------------------------------------------------------------------------

  @Test
  void workflowIsValidAgainstOozieSchemas() throws Exception {
    oozieSchema().newValidator().validate(new StreamSource(WORKFLOW.toFile()));
  }

  @Test
  void schemaCheckRejectsASparkActionWithoutItsJar() throws Exception {
    String broken = Files.readString(WORKFLOW).replaceFirst("<jar>[^<]*</jar>", "");
    assertThrows(SAXException.class,
        () -> oozieSchema().newValidator().validate(new StreamSource(new StringReader(broken))));
  }

  @Test
  void workflowRunsPartSyncWithTheShippedConfigAndARunId() throws Exception {
    Document doc = parse(Files.readString(WORKFLOW));
    assertTrue(doc.getDocumentElement().getNamespaceURI().startsWith(OOZIE_WORKFLOW_NS),
        "namespace " + doc.getDocumentElement().getNamespaceURI());
    assertEquals("workflow-app", doc.getDocumentElement().getLocalName());
    Element spark = sparkAction(doc);
    assertEquals(MAIN_CLASS, childText(spark, "class").get(0));
    List<String> args = childText(spark, "arg");
    assertTrue(!args.isEmpty() && !args.get(0).startsWith("--"), "the config comes first: " + args);
    assertTrue(childText(spark, "file").stream().anyMatch(f -> f.endsWith("#" + args.get(0))),
        "the config " + args.get(0) + " is not shipped with a <file> of that name");
    int runId = args.indexOf("--run-id");
    assertTrue(runId > 0 && runId + 1 < args.size(), "--run-id and its value: " + args);
    String rendered = renderOozie(args.get(runId + 1), jobProperties());
    assertTrue(RUN_ID.matcher(rendered).matches(), "rendered run id '" + rendered + "' is not " + RUN_ID);
  }

  @Test
  void workflowTransitionsNameExistingNodesAndFailuresEndInAKillWithTheError() throws Exception {
    Document doc = parse(Files.readString(WORKFLOW));
    assertEquals(List.of(), danglingTransitions(doc));
    Element action = (Element) sparkAction(doc).getParentNode();
    String errorTarget = ((Element) children(action, "error").get(0)).getAttribute("to");
    Element kill = children(doc.getDocumentElement(), "kill").stream().map(Element.class::cast)
        .filter(k -> k.getAttribute("name").equals(errorTarget)).findFirst()
        .orElseThrow(() -> new AssertionError("the error transition goes to " + errorTarget + ", not a kill node"));
    assertTrue(childText(kill, "message").get(0).contains("${wf:errorMessage(wf:lastErrorNode())}"),
        "the kill message should carry the failed node's error");
  }

  @Test
  void transitionCheckReportsATargetThatDoesNotExist() throws Exception {
    Document doc = parse(Files.readString(WORKFLOW).replace("<ok to=\"end\"/>", "<ok to=\"ending\"/>"));
    assertEquals(List.of("ok -> ending"), danglingTransitions(doc));
  }

  @Test
  void workflowParametersAreInJobPropertiesAndSizeExecutorsAsSubmitShDoes() throws Exception {
    Properties props = jobProperties();
    assertTrue(renderOozie(props.getProperty("oozie.wf.application.path", ""), props).startsWith("hdfs://"),
        "oozie.wf.application.path: the workflow's directory on HDFS");
    Document doc = parse(Files.readString(WORKFLOW));
    Element spark = sparkAction(doc);
    // Every ${name} the workflow uses must be defined, or Oozie refuses the job.
    Matcher m = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)}").matcher(allText(doc.getDocumentElement()));
    while (m.find()) {
      assertNotNull(props.getProperty(m.group(1)), "${" + m.group(1) + "} is not in job.properties");
    }
    List<String> opts = Arrays.asList(renderOozie(childText(spark, "spark-opts").get(0), props).trim().split("\\s+"));
    assertEquals(option(opts, "--executor-cores"), conf(opts, "spark.task.cpus"),
        "one copy task per executor: spark.task.cpus must equal --executor-cores");
    assertTrue(option(opts, "--num-executors").matches("[1-9][0-9]*"), "--num-executors: " + opts);
    assertTrue(option(opts, "--executor-memory").matches("(?i)[0-9]+[kmgt]b?"), "--executor-memory: " + opts);
    assertEquals("false", conf(opts, "spark.dynamicAllocation.enabled"));
    assertFalse(option(opts, "--principal").isBlank());
    assertFalse(option(opts, "--keytab").isBlank());
    assertTwoFileSystems(conf(opts, "spark.kerberos.access.hadoopFileSystems"));
    // Oozie's spark action turns Spark's file system tokens off unless this turns them back on.
    assertEquals("true", conf(opts, "spark.security.credentials.hadoopfs.enabled"));
  }

  // ---- Airflow helpers --------------------------------------------------------------------------

  /** The DAG's facts from Python's ast; skipped without python3, except in CI, where it fails. */
  private static synchronized Map<String, Object> dagFacts() throws Exception {
    if (dagFacts != null) {
      return dagFacts;
    }
    Process python;
    try {
      python = new ProcessBuilder("python3", "-c", DAG_FACTS_SCRIPT, DAG.toString()).start();
    } catch (IOException e) {
      if (System.getenv("CI") != null) {
        fail("python3 is needed to check the Airflow DAG, and CI has none on the PATH", e);
      }
      assumeTrue(false, "python3 is not on the PATH: the Airflow DAG checks are skipped (" + e.getMessage() + ")");
      throw e;
    }
    python.getOutputStream().close();
    CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(python.getErrorStream()));
    String stdout = read(python.getInputStream());
    assertTrue(python.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
    assertEquals(0, python.exitValue(), "python3 could not parse " + DAG + ":\n" + stderr.get());
    dagFacts = map(new Yaml(new SafeConstructor(new LoaderOptions())).load(stdout));
    return dagFacts;
  }

  private static Map<String, Object> dagCall(Map<String, Object> facts) {
    List<Map<String, Object>> dags = calls(facts, Set.of("DAG"));
    assertEquals(1, dags.size(), "DAG(...) calls");
    return dags.get(0);
  }

  /** Keyword arguments of each call of SparkSubmitOperator or of a class derived from it. */
  private static List<Map<String, Object>> operatorCalls(Map<String, Object> facts) {
    Set<String> names = new HashSet<>(operatorSubclasses(facts).keySet());
    names.add(OPERATOR);
    return calls(facts, names);
  }

  private static Map<String, Map<String, Object>> operatorSubclasses(Map<String, Object> facts) {
    Map<String, Map<String, Object>> result = new LinkedHashMap<>();
    map(facts.get("classes")).forEach((name, info) -> {
      if (list(map(info).get("bases")).contains(OPERATOR)) {
        result.put(name, map(info));
      }
    });
    return result;
  }

  private static List<Map<String, Object>> calls(Map<String, Object> facts, Set<String> functions) {
    List<Map<String, Object>> result = new ArrayList<>();
    for (Object call : list(facts.get("calls"))) {
      if (functions.contains(map(call).get("func"))) {
        result.add(map(map(call).get("kwargs")));
      }
    }
    return result;
  }

  /**
   * Renders a Jinja run-id template with the values Airflow gives one scheduled run. Only variables
   * that are the same on every retry of a DAG run are known; any other fails the test.
   */
  static String renderAirflow(String template, String dagId) {
    Map<String, String> sample = Map.of(
        "dag.dag_id", dagId,
        "ts_nodash", "20261123T030000",
        "ds_nodash", "20261123",
        "ds", "2026-11-23",
        "ts", "2026-11-23T03:00:00+00:00",
        "run_id", "scheduled__2026-11-23T03:00:00+00:00");
    String rendered = substitute(template, Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_.]*)\\s*}}"), sample::get);
    assertFalse(rendered.contains("{{") || rendered.contains("{%"), "template not fully rendered: " + template);
    return rendered;
  }

  // ---- Oozie helpers ----------------------------------------------------------------------------

  private static Schema oozieSchema() throws SAXException {
    List<Source> sources = new ArrayList<>();
    for (String xsd : List.of("oozie-workflow-0.5.xsd", "spark-action-0.2.xsd")) {
      var url = SchedulerFilesTest.class.getResource("/" + xsd);
      assertNotNull(url, xsd + " not on the test classpath (from org.apache.oozie:oozie-client)");
      sources.add(new StreamSource(url.toExternalForm()));
    }
    return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(sources.toArray(new Source[0]));
  }

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static Element sparkAction(Document doc) {
    NodeList all = doc.getElementsByTagNameNS("*", "spark");
    List<Element> sparks = new ArrayList<>();
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      if (e.getNamespaceURI() != null && e.getNamespaceURI().startsWith(OOZIE_SPARK_NS)) {
        sparks.add(e);
      }
    }
    assertEquals(1, sparks.size(), "spark actions");
    return sparks.get(0);
  }

  /** Transitions ("element -> target") whose target is no node of the workflow. */
  static List<String> danglingTransitions(Document doc) {
    Element root = doc.getDocumentElement();
    Set<String> nodes = new HashSet<>();
    for (Node n : children(root, null)) {
      String name = ((Element) n).getAttribute("name");
      if (!name.isEmpty()) {
        nodes.add(name);
      }
    }
    List<String> dangling = new ArrayList<>();
    NodeList all = root.getElementsByTagNameNS(root.getNamespaceURI(), "*");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      for (String attribute : List.of("to", "start")) {
        String target = e.getAttribute(attribute);
        boolean isTransition = attribute.equals("to") || e.getLocalName().equals("path");
        if (isTransition && !target.isEmpty() && !nodes.contains(target)) {
          dangling.add(e.getLocalName() + " -> " + target);
        }
      }
    }
    return dangling;
  }

  private static Properties jobProperties() throws IOException {
    Properties props = new Properties();
    try (var reader = Files.newBufferedReader(JOB_PROPERTIES)) {
      props.load(reader);
    }
    return props;
  }

  /**
   * Resolves ${name} from job.properties (recursively, as Oozie does) and the EL functions a run id
   * may use, with a sample value; anything else fails the test.
   */
  static String renderOozie(String text, Properties props) {
    Map<String, String> functions = Map.of("wf:id()", "0000042-261123030000123-oozie-oozi-W");
    String rendered = text;
    for (int depth = 0; depth < 10 && rendered.contains("${"); depth++) {
      rendered = substitute(rendered, Pattern.compile("\\$\\{([^}]*)}"),
          name -> functions.containsKey(name) ? functions.get(name) : props.getProperty(name));
    }
    assertFalse(rendered.contains("${"), "not resolved: " + text);
    return rendered;
  }

  /** The value after an option such as --keytab. */
  private static String option(List<String> opts, String name) {
    int i = opts.indexOf(name);
    assertTrue(i >= 0 && i + 1 < opts.size(), name + " missing from spark-opts " + opts);
    return opts.get(i + 1);
  }

  /** The value of a --conf key=value. */
  private static String conf(List<String> opts, String key) {
    for (int i = 0; i + 1 < opts.size(); i++) {
      if (opts.get(i).equals("--conf") && opts.get(i + 1).startsWith(key + "=")) {
        return opts.get(i + 1).substring(key.length() + 1);
      }
    }
    throw new AssertionError("--conf " + key + " missing from spark-opts " + opts);
  }

  // ---- shared -----------------------------------------------------------------------------------

  /** Source and target (at least) each need delegation tokens: two or more file system URIs. */
  private static void assertTwoFileSystems(String value) {
    String[] uris = value.split(",");
    assertTrue(uris.length >= 2, "spark.kerberos.access.hadoopFileSystems needs the source's and the target's: " + value);
    for (String uri : uris) {
      assertNotNull(URI.create(uri.trim()).getScheme(), "not a file system URI: " + uri);
    }
  }

  private static String substitute(String text, Pattern variable, Function<String, String> values) {
    Matcher m = variable.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.apply(m.group(1));
      if (value == null) {
        fail("'" + m.group(1) + "' in '" + text + "' has no known value");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }

  private static void assertNonBlank(Map<String, Object> kwargs, String key) {
    assertTrue(kwargs.get(key) instanceof String s && !s.isBlank(), key + ": " + kwargs.get(key));
  }

  /** Element children of a parent, of one local name, or all with null. */
  private static List<Node> children(Element parent, String localName) {
    List<Node> result = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element && (localName == null || localName.equals(n.getLocalName()))) {
        result.add(n);
      }
    }
    return result;
  }

  private static List<String> childText(Element parent, String localName) {
    return children(parent, localName).stream().map(n -> n.getTextContent().trim()).toList();
  }

  /** Element text and attribute values, comments left out (Oozie drops them too). */
  private static String allText(Node node) {
    StringBuilder out = new StringBuilder();
    if (node.getNodeType() == Node.TEXT_NODE || node.getNodeType() == Node.CDATA_SECTION_NODE) {
      out.append(node.getNodeValue()).append('\n');
    }
    if (node.getAttributes() != null) {
      for (int i = 0; i < node.getAttributes().getLength(); i++) {
        out.append(node.getAttributes().item(i).getNodeValue()).append('\n');
      }
    }
    for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
      out.append(allText(child));
    }
    return out.toString();
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    assertTrue(o instanceof Map, "expected a mapping, got " + o);
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    assertTrue(o instanceof List, "expected a list, got " + o);
    return (List<Object>) o;
  }
}
