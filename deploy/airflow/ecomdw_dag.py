"""Airflow DAG: one ecomdw build as tasks, through the ecomdw command line.

    ingest >> run >> check >> snapshot >> report
    any stage failed >> build_failed_metric

Each task is one CLI stage and inherits the CLI's guarantees, so a retry is
safe: `ingest` fetches each raw object exactly once; `run` (staging, models,
checks, publish over what ingest landed) takes the build lock, resumes a
failed run's work generation and publishes only past the quality gate; `check`
re-runs the checks on what was published; `snapshot` and `report` read the
published warehouse. Exit codes: 1 checks failed, 2 usage/config, 3 runtime;
Airflow retries any of them, and only 3 (a lock held, S3 unavailable) can
succeed on a retry. When any stage fails, build_failed_metric puts the custom
metric ecomdw/BuildFailed that deploy/cloudformation/warehouse.json alarms on.

For Airflow 2.x (BashOperator, task SLAs). The machine running the tasks
needs `ecomdw` and the project; set on the worker:
    ECOMDW           the binary (default: ecomdw on PATH)
    ECOMDW_PROJECT   the project folder (default: /opt/ecomdw/project)
    ECOMDW_TARGET    the target of ecomdw.toml (default: the project's default)
    ECOMDW_SCHEDULE  cron or preset (default: @hourly)
Credentials come from the worker's environment (AWS_*, PG*), never from here.
tests/e2e/deploy_airflow_dag_test.sh checks this file without Airflow installed.
"""
import os
import shlex
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator

ECOMDW = os.environ.get("ECOMDW", "ecomdw")
PROJECT = os.environ.get("ECOMDW_PROJECT", "/opt/ecomdw/project")
TARGET = os.environ.get("ECOMDW_TARGET", "")
SCHEDULE = os.environ.get("ECOMDW_SCHEDULE", "@hourly")

# The build's stages, in order: (task id, ecomdw arguments, SLA in minutes
# from the scheduled time). A literal, so tests can read it without Airflow.
STAGES = [
    ("ingest", ["ingest", "--parallel", "8"], 20),
    ("run", ["run"], 45),
    ("check", ["check"], 50),
    ("snapshot", ["snapshot", "create"], 55),
    ("report", ["report", "--out", "report.html"], 60),
]

# What the alarm FailedBuildAlarm of warehouse.json watches.
METRIC_NAMESPACE = "ecomdw"
METRIC_NAME = "BuildFailed"
PROJECT_NAME = os.environ.get("ECOMDW_PROJECT_NAME", "ecommerce")


def ecomdw_command(args):
    """The shell command of one stage; every value shell-quoted."""
    words = [ECOMDW, "--project", PROJECT]
    if TARGET:
        words += ["--target", TARGET]
    words += list(args)
    # cd: relative outputs (report --out) land in the project folder.
    return "cd " + shlex.quote(PROJECT) + " && " + " ".join(shlex.quote(w) for w in words)


DEFAULT_ARGS = {
    "owner": "data-platform",
    "retries": 2,
    "retry_delay": timedelta(minutes=2),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=15),
    "execution_timeout": timedelta(hours=2),
}

with DAG(
    dag_id="ecomdw_build",
    description="ecomdw: ingest, run (stage, model, check, publish), check, snapshot, report",
    schedule=SCHEDULE,
    start_date=datetime(2024, 1, 1),
    catchup=False,
    max_active_runs=1,  # one writer per project (the CLI's build lock says so too)
    default_args=DEFAULT_ARGS,
    tags=["ecomdw"],
) as dag:
    stage_tasks = [
        BashOperator(task_id=task_id, bash_command=ecomdw_command(args), sla=timedelta(minutes=sla))
        for task_id, args, sla in STAGES
    ]
    for upstream, downstream in zip(stage_tasks, stage_tasks[1:]):
        upstream >> downstream

    build_failed_metric = BashOperator(
        task_id="build_failed_metric",
        trigger_rule="one_failed",
        retries=0,
        bash_command=" ".join(shlex.quote(w) for w in [
            "aws", "cloudwatch", "put-metric-data", "--namespace", METRIC_NAMESPACE,
            "--metric-name", METRIC_NAME, "--dimensions", "Project=" + PROJECT_NAME,
            "--value", "1", "--unit", "Count"]),
    )
    for task in stage_tasks:
        task >> build_failed_metric
