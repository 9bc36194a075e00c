"""Hourly partsync run on YARN, scheduled by Airflow 2.

spark-submit runs on the Airflow worker in client deploy mode, so the Spark driver runs there and
partsync's exit code is spark-submit's exit code, which is what the task's outcome is decided on. (In
cluster deploy mode it would not be: there, read the status file the config's report.status names, or run
submit.sh, which does that for a Spark standalone master.)

Every host, path and principal below is an example value (example.com). Set the Airflow Variables
partsync_jar, partsync_config, partsync_principal and partsync_keytab instead of editing this file.

Needs apache-airflow-providers-apache-spark 4.8 or later (deploy_mode, yarn_queue), a Spark 4.1 client
on the worker, and an Airflow connection "spark_yarn" of type Spark with host "yarn".
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

DAG_ID = "partsync_hourly"

# The same on every retry of one DAG run (the DAG id and the run's logical date), and made only of the
# characters a partsync run id may hold ([A-Za-z0-9._-]): ts_nodash looks like 20261123T030000. Airflow's
# own run_id (scheduled__2026-11-23T03:00:00+00:00) has ':' and '+', which a run id must not.
RUN_ID = "{{ dag.dag_id }}-{{ ts_nodash }}"

# partsync's exit codes that a retry cannot fix: 2 (config error), 3 (refused table) and 6 (a metastore
# that cannot serve partsync). The others are worth retrying: 1 (partial failure; a retry copies only what
# is still missing), 4 (metastore unreachable) and 5 (another run holds a table's lock).
NO_RETRY_EXIT_CODES = {2, 3, 6}


class PartSyncSubmitOperator(SparkSubmitOperator):
    """SparkSubmitOperator fails the same way on any non-zero exit; this one skips the retries on the
    exit codes in NO_RETRY_EXIT_CODES, so a broken config fails once instead of retries + 1 times."""

    def execute(self, context):
        try:
            return super().execute(context)
        except AirflowException as e:
            # The hook's message carries spark-submit's exit code: "... Error code is: 2."
            match = re.search(r"Error code is: (\d+)", str(e))
            if match and int(match.group(1)) in NO_RETRY_EXIT_CODES:
                raise AirflowFailException(
                    f"partsync exited with {match.group(1)}: not retried, fix the config, the table or the metastore"
                ) from e
            raise


with DAG(
    dag_id=DAG_ID,
    schedule="@hourly",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    # One run at a time: partsync locks its target tables anyway, and the next hour waiting for this
    # one (and its retries) is better than it failing with exit 5.
    max_active_runs=1,
    default_args={"retries": 3, "retry_delay": timedelta(minutes=10)},
    tags=["partsync"],
) as dag:
    PartSyncSubmitOperator(
        task_id="sync",
        conn_id="spark_yarn",
        deploy_mode="client",
        yarn_queue="etl",
        name="partsync-{{ ts_nodash }}",
        application="{{ var.value.get('partsync_jar', '/opt/partsync/partsync-job.jar') }}",
        java_class="io.partsync.PartSync",
        application_args=[
            "{{ var.value.get('partsync_config', '/etc/partsync/hourly-sync.yaml') }}",
            "--run-id",
            RUN_ID,
        ],
        # The config's kerberos section names the same principal and keytab.
        principal="{{ var.value.get('partsync_principal', 'partsync@EXAMPLE.COM') }}",
        keytab="{{ var.value.get('partsync_keytab', '/etc/security/keytabs/partsync.keytab') }}",
        # What submit.sh derives from the config's executors section (count, memory, cores): keep them
        # equal to it. `java -cp <job jar> io.partsync.SubmitArgs <config>` prints them.
        num_executors=4,
        executor_memory="2g",
        executor_cores=1,
        conf={
            # One copy task per executor at a time.
            "spark.task.cpus": "1",
            # partsync plans one Spark executor per virtual executor; YARN must not scale them.
            "spark.dynamicAllocation.enabled": "false",
            # Spark gets delegation tokens for these file systems and hands them to the executors,
            # which read the source cluster and write the target: list both (every target of the config).
            "spark.kerberos.access.hadoopFileSystems": "hdfs://prod-nameservice,hdfs://dr",
        },
    )
