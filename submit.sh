#!/usr/bin/env bash
# Runs partsync.
#   ./submit.sh conf/my-sync.yaml [--dry-run] [--run-id <id>] [--break-lock <run id>] [-- <spark-submit options>]
#   ./submit.sh --demo [--reset]   (state kept in job/target/partsync-demo, or $PARTSYNC_DEMO_DIR)
# With a Spark installation (SPARK_HOME or spark-submit on PATH) this is spark-submit with the executors
# sized from the config. Without one it runs the same job in local mode through Spark's own SparkSubmit
# class on the Maven-resolved classpath, building the jar first if it is missing.
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
if [ -n "$spark_submit" ]; then
  exec "$spark_submit" --class "$main_class" "${sizing[@]}" ${spark_args[@]+"${spark_args[@]}"} "$jar" "$config" ${job_args[@]+"${job_args[@]}"}
fi
echo "submit.sh: no Spark installation found; running in local mode" >&2
run_local --master "local[*]" --conf spark.ui.enabled=false --class "$main_class" "${sizing[@]}" \
  ${spark_args[@]+"${spark_args[@]}"} "$jar" "$config" ${job_args[@]+"${job_args[@]}"}
