#!/usr/bin/env bash
# Runs partsync.
#   ./submit.sh conf/my-sync.yaml [--dry-run] [--run-id <id>] [--break-lock <run id>] [-- <spark-submit options>]
#   ./submit.sh --demo [--reset]   (state kept in job/target/partsync-demo, or $PARTSYNC_DEMO_DIR)
# With a Spark installation (SPARK_HOME or spark-submit on PATH) this is spark-submit with the executors
# sized from the config. Without one it runs the same job in local mode through Spark's own SparkSubmit
# class on the Maven-resolved classpath, building the jar first if it is missing.
# On a Spark standalone master in cluster deploy mode (--master spark://... --deploy-mode cluster) it waits
# for the driver and exits with partsync's exit code, read from the config's report.status file.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$here/job/pom.xml" | head -n 1)
jar="$here/job/target/partsync-job-$version.jar"
classpath_file="$here/job/target/classpath.txt"
main_class=io.partsync.PartSync

die() { echo "submit.sh: $*" >&2; exit 2; }

usage() {
  sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

build_jar() {
  if [ ! -f "$jar" ] || [ -n "$(find "$here/job/src/main" "$here/job/pom.xml" "$here/pom.xml" -newer "$jar" -print -quit)" ]; then
    echo "submit.sh: building the job jar" >&2
    (cd "$here" && mvn -q -B -DskipTests -pl job package) >&2 || die "building the job jar failed"
  fi
}

# The full runtime classpath (Spark, Hadoop, Hive, the mini clusters), resolved by Maven once.
local_classpath() {
  if [ ! -f "$classpath_file" ] || [ "$here/job/pom.xml" -nt "$classpath_file" ] || [ "$here/pom.xml" -nt "$classpath_file" ]; then
    (cd "$here" && mvn -q -B -pl job dependency:build-classpath -DincludeScope=test \
      -Dmdep.outputFile="$classpath_file") >&2 || die "resolving the classpath with Maven failed"
  fi
  cat "$classpath_file"
}

# JVM flags Spark's launcher would add on Java 17; kept once, in the root pom.
jvm_flags() {
  sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' "$here/pom.xml"
}

find_spark_submit() {
  if [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
    echo "$SPARK_HOME/bin/spark-submit"
  elif command -v spark-submit >/dev/null 2>&1; then
    command -v spark-submit
  fi
}

# The last value given to spark-submit option $1 (as "$1 value" or "$1=value") after --, or nothing.
spark_option() {
  local name=$1 value="" previous="" arg
  for arg in ${spark_args[@]+"${spark_args[@]}"}; do
    [ "$previous" != "$name" ] || value=$arg
    case "$arg" in "$name="*) value=${arg#"$name="} ;; esac
    previous=$arg
  done
  echo "$value"
}

# The job jar and the Spark installation's jars: enough for DriverExit to ask the master and read a status
# file on any Hadoop file system the installation's configuration reaches.
driver_exit() {
  local spark_home
  spark_home=$(cd "$(dirname "$spark_submit")/.." && pwd)
  java -cp "$jar:${HADOOP_CONF_DIR:+$HADOOP_CONF_DIR:}$spark_home/conf:$spark_home/jars/*" io.partsync.DriverExit "$@"
}

# Spark's standalone submit client exits 0 whatever the driver did, so the driver's state is polled from the
# master and partsync's own exit code read from the status file the driver writes last.
submit_standalone_cluster() {
  local master=$1 log submitted driver
  driver_exit clear "$config" || exit $?
  log=$(mktemp "${TMPDIR:-/tmp}/partsync-submit.XXXXXX")
  set +e
  "$spark_submit" --class "$main_class" "${sizing[@]}" ${spark_args[@]+"${spark_args[@]}"} "$jar" "$config" \
    ${job_args[@]+"${job_args[@]}"} 2>&1 | tee "$log" >&2
  submitted=${PIPESTATUS[0]}
  set -e
  driver=$(grep -o 'driver-[0-9]\{14\}-[0-9]\{4,\}' "$log" | head -n 1 || true)
  rm -f "$log"
  [ "$submitted" -eq 0 ] || exit "$submitted"
  if [ -z "$driver" ]; then
    echo "submit.sh: found no driver id (driver-<time>-<n>) in spark-submit's output, so partsync's exit code is" \
      "unknown; let spark-submit log its INFO lines (log4j2 in \$SPARK_HOME/conf)" >&2
    exit 1
  fi
  echo "submit.sh: waiting for $driver on $master" >&2
  driver_exit await "$config" "$master" "${SPARK_MASTER_REST_PORT:-6066}" "${SPARK_MASTER_WEBUI_PORT:-8080}" "$driver"
}

run_local() {
  local cp
  cp="$jar:$(local_classpath)"
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
  # shellcheck disable=SC2046
  exec java $(jvm_flags) -Xmx${PARTSYNC_DRIVER_MEMORY:-3g} \
    -Dlog4j2.configurationFile="$here/conf/log4j2.properties" \
    -cp "$cp" org.apache.spark.deploy.SparkSubmit "$@"
}

[ $# -ge 1 ] || usage

if [ "$1" = "--demo" ]; then
  shift
  reset=()
  case "${1:-}" in
    "") ;;
    --reset) reset=(--reset) ;;
    *) die "unexpected argument '$1' after --demo; the only one is --reset" ;;
  esac
  build_jar
  # The demo's clusters keep their state here between runs, so a second run is incremental.
  run_local --master 'local[2]' --conf spark.ui.enabled=false --class io.partsync.demo.Demo "$jar" \
    "${PARTSYNC_DEMO_DIR:-$here/job/target/partsync-demo}" "${reset[@]}"
fi

config=$1
shift
job_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  case "$1" in
    --dry-run) job_args+=(--dry-run) ;;
    --run-id)
      [ $# -ge 2 ] || die "--run-id needs a value"
      job_args+=(--run-id "$2")
      shift ;;
    --break-lock)
      [ $# -ge 2 ] || die "--break-lock needs a value"
      job_args+=(--break-lock "$2")
      shift ;;
    *) die "unexpected argument '$1'; the options are --dry-run, --run-id <id> and --break-lock <run id>, spark-submit options go after --" ;;
  esac
  shift
done
spark_args=()
if [ $# -gt 0 ]; then
  shift
  spark_args=("$@")
fi
# A directory, an unreadable or a binary file: the job's config loader says which, below.
[ -e "$config" ] || die "config file $config not found"
build_jar

# Validates the config and the job options (one clear line on error, exit 2) and sizes Spark's executors.
sizing_line=$(java -cp "$jar" io.partsync.SubmitArgs "$config" ${job_args[@]+"${job_args[@]}"}) || exit 2
read -r -a sizing <<<"$sizing_line"

spark_submit=$(find_spark_submit)
master=$(spark_option --master)
if [ -n "$spark_submit" ] && [[ "$master" == spark://* ]] && [ "$(spark_option --deploy-mode)" = cluster ]; then
  submit_standalone_cluster "$master"
  exit $?
fi
if [ -n "$spark_submit" ]; then
  exec "$spark_submit" --class "$main_class" "${sizing[@]}" ${spark_args[@]+"${spark_args[@]}"} "$jar" "$config" ${job_args[@]+"${job_args[@]}"}
fi
echo "submit.sh: no Spark installation found; running in local mode" >&2
run_local --master "local[*]" --conf spark.ui.enabled=false --class "$main_class" "${sizing[@]}" \
  ${spark_args[@]+"${spark_args[@]}"} "$jar" "$config" ${job_args[@]+"${job_args[@]}"}
