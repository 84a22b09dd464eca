"""Checks deploy/airflow/ecomdw_dag.py without Airflow installed.

Usage: check_dag.py PATH_TO_ECOMDW

  * the file compiles (py_compile) and, read as an AST, declares its stages as
    a literal STAGES list and imports nothing beyond os, shlex, datetime and
    airflow;
  * run against a stand-in `airflow` package (DAG, BashOperator and >> only,
    recording what the file builds), its task graph is the CLI's stages in
    the build's order, linear, with retries and an SLA on each, and a
    one_failed metric task downstream of every stage;
  * each stage's command names a verb `ecomdw --help` lists and flags that
    verb's --help lists; on a generated SF 0.01 raw zone, the commands of the
    built stages run in order, as the DAG runs them, and publish a warehouse
    and a report;
  * the failure task's shell command, run against moto_server's CloudWatch,
    puts the metric that warehouse.json's FailedBuildAlarm watches.
"""
import ast
import json
import os
import py_compile
import re
import shlex
import subprocess
import sys
import tempfile
import types
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
DAG_FILE = os.path.join(REPO, "deploy", "airflow", "ecomdw_dag.py")
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "s3"))
from moto_harness import free_port, wait_for_port  # noqa: E402

# The build's stages as docs/spine.md orders them: land raw objects, stage +
# model + check + publish, check the published warehouse, keep it, show it.
PIPELINE = ["ingest", "run", "check", "snapshot", "report"]
ECOMDW = None


class Recorder:
    """Stands in for airflow: what the DAG file builds, without Airflow."""

    def __init__(self):
        self.dags, self.tasks, self.edges = [], {}, set()

    def modules(self):
        rec = self

        class DAG:
            def __init__(self, dag_id, **kwargs):
                self.dag_id, self.kwargs = dag_id, kwargs
                rec.dags.append(self)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return False

        class BashOperator:
            def __init__(self, task_id, bash_command, **kwargs):
                assert task_id not in rec.tasks, f"task {task_id} defined twice"
                self.task_id, self.bash_command, self.kwargs = task_id, bash_command, kwargs
                rec.tasks[task_id] = self

            def __rshift__(self, other):
                rec.edges.add((self.task_id, other.task_id))
                return other

        airflow = types.ModuleType("airflow")
        airflow.DAG = DAG
        operators = types.ModuleType("airflow.operators")
        bash = types.ModuleType("airflow.operators.bash")
        bash.BashOperator = BashOperator
        return {"airflow": airflow, "airflow.operators": operators, "airflow.operators.bash": bash}


def load_dag(env):
    rec = Recorder()
    saved_env, saved_modules = dict(os.environ), dict(sys.modules)
    os.environ.update(env)
    sys.modules.update(rec.modules())
    try:
        namespace = {"__name__": "ecomdw_dag", "__file__": DAG_FILE}
        with open(DAG_FILE) as f:
            exec(compile(f.read(), DAG_FILE, "exec"), namespace)
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        sys.modules.clear()
        sys.modules.update(saved_modules)
    return rec, namespace


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)


class Dag(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="ecomdw-dag-")
        cls.project = os.path.join(cls.work, "p")
        cls.rec, cls.ns = load_dag({"ECOMDW": ECOMDW, "ECOMDW_PROJECT": cls.project})
        with open(DAG_FILE) as f:
            cls.tree = ast.parse(f.read(), DAG_FILE)

    def test_1_compiles_and_reads_as_ast(self):
        py_compile.compile(DAG_FILE, cfile=os.path.join(self.work, "dag.pyc"), doraise=True)
        imported = set()
        stages = None
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "STAGES" for t in node.targets):
                stages = ast.literal_eval(node.value)
        self.assertLessEqual(imported, {"os", "shlex", "datetime", "airflow"})
        self.assertIsNotNone(stages, "STAGES is not a literal assignment")
        self.assertEqual([s[1][0] for s in stages], PIPELINE)
        self.assertEqual([s[0] for s in stages], PIPELINE)

    def test_2_graph_is_the_pipeline(self):
        self.assertEqual([d.dag_id for d in self.rec.dags], ["ecomdw_build"])
        dag = self.rec.dags[0]
        self.assertEqual(dag.kwargs["max_active_runs"], 1)
        defaults = dag.kwargs["default_args"]
        self.assertGreaterEqual(defaults["retries"], 1)
        self.assertIn("retry_delay", defaults)
        self.assertEqual(set(self.rec.tasks), set(PIPELINE) | {"build_failed_metric"})
        chain = {(a, b) for a, b in zip(PIPELINE, PIPELINE[1:])}
        to_metric = {(s, "build_failed_metric") for s in PIPELINE}
        self.assertEqual(self.rec.edges, chain | to_metric)
        slas = []
        for stage in PIPELINE:
            sla = self.rec.tasks[stage].kwargs.get("sla")
            self.assertIsNotNone(sla, f"{stage} has no SLA")
            slas.append(sla)
        self.assertEqual(slas, sorted(slas), "later stages must not have earlier SLAs")
        metric = self.rec.tasks["build_failed_metric"]
        self.assertEqual(metric.kwargs["trigger_rule"], "one_failed")

    def stage_argv(self, stage):
        words = shlex.split(self.rec.tasks[stage].bash_command)
        self.assertEqual(words[:2], ["cd", self.project])
        self.assertEqual(words[2], "&&")
        argv = words[3:]
        self.assertEqual(argv[:3], [ECOMDW, "--project", self.project])
        return argv[3:]

    def test_3_verbs_and_flags_exist_in_the_cli(self):
        top = run([ECOMDW, "--help"]).stdout
        for stage in PIPELINE:
            args = self.stage_argv(stage)
            self.assertEqual(args[0], stage)
            self.assertRegex(top, rf"\n  {stage} ", f"`ecomdw --help` lists no verb {stage}")
            verb_help = run([ECOMDW, args[0], "--help"])
            self.assertEqual(verb_help.returncode, 0, verb_help.stderr)
            for flag in [a for a in args[1:] if a.startswith("--")]:
                self.assertIn(flag, verb_help.stdout, f"ecomdw {stage} has no {flag}")
        unbuilt = [s for s in PIPELINE if re.search(rf"\n  {s} .*\[not built yet\]", top)]
        if unbuilt:
            print(f"  stages whose verb is not built yet (their task fails until it is): {unbuilt}",
                  file=sys.stderr)

    def test_4_built_stages_run_in_order(self):
        init = run([ECOMDW, "init", self.project])
        self.assertEqual(init.returncode, 0, init.stderr)
        gen = run([ECOMDW, "generate", "--scale", "0.01", "--days", "30", "--to", "file://" + self.project + "/raw"])
        self.assertEqual(gen.returncode, 0, gen.stderr)
        top = run([ECOMDW, "--help"]).stdout
        ran = []
        for stage in PIPELINE:
            if re.search(rf"\n  {stage} .*\[not built yet\]", top):
                continue
            p = run(["bash", "-c", self.rec.tasks[stage].bash_command])
            self.assertEqual(p.returncode, 0, f"{stage}: {p.stderr[-2000:]}")
            ran.append(stage)
        self.assertGreaterEqual(len(ran), 4, ran)
        status = run([ECOMDW, "--project", self.project, "--format", "json", "status"])
        self.assertEqual(status.returncode, 0, status.stderr)
        self.assertTrue(os.path.getsize(os.path.join(self.project, "report.html")) > 1000)
        count = run([ECOMDW, "--project", self.project, "--format", "jsonl", "query",
                     "SELECT count(*) AS n FROM core.fact_orders"])
        self.assertEqual(count.returncode, 0, count.stderr)
        self.assertGreater(json.loads(count.stdout.splitlines()[0])["n"], 0)

    def test_5_failure_metric_is_what_the_alarm_watches(self):
        with open(os.path.join(REPO, "deploy", "cloudformation", "warehouse.json")) as f:
            alarm = json.load(f)["Resources"]["FailedBuildAlarm"]["Properties"]
        port = free_port()
        log = tempfile.TemporaryFile()
        proc = subprocess.Popen([sys.executable, os.path.join(os.path.dirname(HERE), "s3", "moto_launcher.py"),
                                 "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
        try:
            wait_for_port(port, proc)
            env = dict(os.environ, AWS_ENDPOINT_URL=f"http://127.0.0.1:{port}", AWS_DEFAULT_REGION="us-east-1",
                       AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test")
            env.pop("AWS_PROFILE", None)
            p = run(["bash", "-c", self.rec.tasks["build_failed_metric"].bash_command], env=env)
            self.assertEqual(p.returncode, 0, p.stderr)
            import boto3
            cw = boto3.client("cloudwatch", endpoint_url=env["AWS_ENDPOINT_URL"], region_name="us-east-1",
                              aws_access_key_id="test", aws_secret_access_key="test")
            metrics = cw.list_metrics(Namespace=alarm["Namespace"], MetricName=alarm["MetricName"])["Metrics"]
            self.assertEqual([m["Dimensions"] for m in metrics], [alarm["Dimensions"]])
        finally:
            proc.terminate()
            proc.wait(timeout=10)
            log.close()


if __name__ == "__main__":
    ECOMDW = os.path.abspath(sys.argv[1])
    unittest.main(argv=sys.argv[:1], verbosity=2)
