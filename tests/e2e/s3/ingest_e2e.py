"""End-to-end tests of `ecomdw ingest` against moto_server with IAM enforced.

boto3 is the second, independent S3 client: it puts the objects ecomdw
lists and fetches, and every landed file is compared with the bytes boto3
put (SHA-256). Run: python3 ingest_e2e.py path/to/ecomdw
"""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from fault_proxy import FaultProxy  # noqa: E402
from moto_harness import MotoS3  # noqa: E402

ECOMDW = None
MOTO = None
# Fast failure detection for tests: stalls after 2 s, short backoffs.
FAST = {"ECOMDW_S3_STALL_SECONDS": "2", "ECOMDW_S3_RETRY_BASE_MS": "20", "ECOMDW_S3_MAX_ATTEMPTS": "12"}


def setUpModule():
    global MOTO
    MOTO = MotoS3().__enter__()


def tearDownModule():
    if MOTO is not None:
        MOTO.__exit__(None, None, None)


def sha(b):
    return hashlib.sha256(b).hexdigest()


def raw_objects(tag, n=30):
    """Keys under the built-in sources' prefixes; sizes from 0 B to ~1.5 MB."""
    prefixes = ["orders/source=webshop/", "orders/source=marketplace/", "customers/source=crm/",
                "products/source=pim/", "campaigns/source=ads/", "campaign_spend/source=ads/",
                "fx_rates/source=ecb/"]
    out = {}
    for i in range(n):
        p = prefixes[i % len(prefixes)]
        size = [0, 1, 100, 5000, 70000][i % 5] if i != 7 else 1_500_000
        key = f"{p}dt=2024-01-{1 + i % 28:02d}/{tag}-part {i}.dat"
        out[key] = hashlib.sha256(f"{tag}{i}".encode()).digest() * (size // 32 + 1)
        out[key] = out[key][:size]
    return out


class Project:
    def __init__(self, bucket):
        self.dir = tempfile.mkdtemp(prefix="ecomdw-s3e2e-")
        subprocess.run([ECOMDW, "init", self.dir], check=True, capture_output=True)
        toml = os.path.join(self.dir, "ecomdw.toml")
        with open(toml) as f:
            text = f.read().replace('uri = "file://raw"', f'uri = "s3://{bucket}"')
        assert f"s3://{bucket}" in text
        with open(toml, "w") as f:
            f.write(text)
        self.landing = os.path.join(self.dir, ".ecomdw", "landing")

    def ingest(self, env, extra=(), timeout=120):
        p = subprocess.run([ECOMDW, "--project", self.dir, "--format", "json", "ingest", *extra], env=env,
                           capture_output=True, text=True, timeout=timeout)
        report = None
        if p.stdout.strip():
            report = json.loads(p.stdout)
        return p.returncode, report, p.stderr

    def files(self):
        out = []
        for root, _, names in os.walk(self.dir):
            out += [os.path.join(root, n) for n in names]
        return out

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


class IngestFromMoto(unittest.TestCase):
    def setUp(self):
        self.bucket = ("raw-" + self._testMethodName.replace("_", "-")[5:40]).strip("-").lower()
        MOTO.client().create_bucket(Bucket=self.bucket)
        self.project = Project(self.bucket)

    def tearDown(self):
        self.project.cleanup()

    def put_all(self, objects):
        s3 = MOTO.client()
        for key, body in objects.items():
            s3.put_object(Bucket=self.bucket, Key=key, Body=body)

    def env(self, user="ecomdw-rw", endpoint=None, **extra):
        e = MOTO.env(user, endpoint)
        e.update(FAST)
        e.update(extra)
        return e

    def assert_landed_intact(self, report, objects):
        self.assertEqual(sorted(o["key"] for o in report["objects"]), sorted(objects))
        for o in report["objects"]:
            body = objects[o["key"]]
            self.assertEqual(o["sha256"], sha(body), o["key"])
            self.assertEqual(o["size"], len(body), o["key"])
            with open(o["landed_path"], "rb") as f:
                self.assertEqual(sha(f.read()), sha(body), o["landed_path"])
            self.assertTrue(o["landed_path"].startswith(self.project.landing + "/"), o["landed_path"])

    def assert_no_temp_files(self):
        leftovers = [f for f in self.project.files() if ".ecomdw-tmp-" in f]
        self.assertEqual(leftovers, [])

    def test_ingest_pages_reruns_and_versions(self):
        objects = raw_objects("a")
        self.put_all(objects)
        # 7 keys a page: the 30 objects take several ListObjectsV2 pages per source.
        env = self.env(ECOMDW_S3_MAX_KEYS="2")
        rc, report, err = self.project.ingest(env)
        self.assertEqual(rc, 0, err)
        self.assertEqual(report["landed"], len(objects))
        self.assertEqual(report["new_objects"], len(objects))
        self.assert_landed_intact(report, objects)

        t0 = time.monotonic()
        rc, again, err = self.project.ingest(env)
        self.assertEqual(rc, 0, err)
        self.assertEqual((again["batch_id"], again["landed"], again["unchanged"]), ("", 0, len(objects)))
        print(f"no-op rerun over {len(objects)} objects: {time.monotonic() - t0:.2f}s (process included)")

        changed = next(k for k in objects if k.startswith("customers/"))
        objects[changed] = b"id,email\n42,new@example.com\n"
        MOTO.client().put_object(Bucket=self.bucket, Key=changed, Body=objects[changed])
        rc, third, err = self.project.ingest(env)
        self.assertEqual(rc, 0, err)
        self.assertEqual((third["landed"], third["new_versions"], third["new_objects"]), (1, 1, 0))
        self.assertEqual(third["objects"][0]["version"], 2)
        self.assert_landed_intact(third, {changed: objects[changed]})
        self.assertNotEqual(third["batch_id"], report["batch_id"])

    def test_read_only_user_can_ingest(self):
        objects = raw_objects("ro", 6)
        self.put_all(objects)
        rc, report, err = self.project.ingest(self.env("ecomdw-ro"))
        self.assertEqual(rc, 0, err)
        self.assert_landed_intact(report, objects)

    def test_wrong_secret_is_signature_does_not_match(self):
        self.put_all(raw_objects("ws", 2))
        env = self.env(AWS_SECRET_ACCESS_KEY="not-the-secret")
        rc, report, err = self.project.ingest(env)
        self.assertEqual(rc, 2, err)  # a credentials problem is a usage/config error
        self.assertIn("SignatureDoesNotMatch", err)
        self.assertIn(f"s3://{self.bucket}/", err)
        self.assertIn("AWS_SECRET_ACCESS_KEY", err)
        self.assertFalse(os.path.exists(self.project.landing))

    def test_unknown_bucket_is_clear(self):
        env = self.env()
        toml = os.path.join(self.project.dir, "ecomdw.toml")
        with open(toml) as f:
            text = f.read().replace(f"s3://{self.bucket}", "s3://no-such-bucket-here")
        with open(toml, "w") as f:
            f.write(text)
        rc, _, err = self.project.ingest(env)
        self.assertEqual(rc, 3, err)
        self.assertIn("NoSuchBucket", err)
        self.assertIn("no-such-bucket-here", err)

    def test_faults_are_retried_and_every_object_is_intact(self):
        objects = raw_objects("f", 24)
        self.put_all(objects)
        rates = {"slowdown": 0.12, "error500": 0.12, "reset": 0.12, "stall": 0.06, "truncate": 0.15}
        with FaultProxy(MOTO.port, rates, seed=5, stall_max=20) as proxy:
            rc, report, err = self.project.ingest(self.env(endpoint=proxy.endpoint, ECOMDW_S3_MAX_ATTEMPTS="30"))
            stats = proxy.stats()
        print("faults injected:", stats)
        self.assertEqual(rc, 0, err)
        self.assert_landed_intact(report, objects)
        self.assert_no_temp_files()
        for fault in ("slowdown", "error500", "reset", "stall", "truncate"):
            self.assertGreater(stats.get(fault, 0), 0, f"no {fault} was injected: {stats}")

    def test_fault_budget_exhausted_fails_clearly_then_rerun_completes(self):
        objects = raw_objects("b", 5)
        self.put_all(objects)
        with FaultProxy(MOTO.port, {"slowdown": 1.0}, methods=("GET",), spare_listings=True) as proxy:
            rc, report, err = self.project.ingest(self.env(endpoint=proxy.endpoint, ECOMDW_S3_MAX_ATTEMPTS="3"))
        self.assertEqual(rc, 3, err)
        self.assertIn("gave up after 3 attempts", err)
        self.assertIn("SlowDown", err)
        self.assertTrue(any(k in err for k in objects), err)  # names the key
        self.assertEqual(report["landed"], 0)
        self.assertEqual(len(report["failures"]), len(objects))
        # Nothing partial is visible: no object file, no temporary file.
        self.assertEqual([f for f in self.project.files() if f.startswith(self.project.landing)], [])

        rc, again, err = self.project.ingest(self.env())
        self.assertEqual(rc, 0, err)
        self.assertEqual(again["retried"], len(objects))
        self.assert_landed_intact(again, objects)

    def test_hostile_keys_are_refused_recorded_and_nothing_escapes(self):
        good = raw_objects("h", 3)
        glob_key = "orders/source=webshop/dt=2024-01-01/*.dat"
        good[glob_key] = b"glob"
        self.put_all(good)
        escape_name = f"ecomdw-escape-{os.getpid()}"
        hostile = [f"orders/source=webshop/dt=2024-01-01/../../../../../../../../tmp/{escape_name}",
                   "orders/source=webshop/dt=2024-01-01/ctl\x01byte.dat",
                   "orders/source=webshop/dt=2024-01-01//double-slash.dat",
                   "orders/source=webshop/./dot.dat",
                   "orders/source=webshop/dt=2024-01-01/" + "k" * 1100]
        s3 = MOTO.client()
        for key in hostile:
            s3.put_object(Bucket=self.bucket, Key=key, Body=b"evil")
        listed = [o["Key"] for o in s3.list_objects_v2(Bucket=self.bucket)["Contents"]]
        for key in hostile:
            self.assertIn(key, listed)  # the bucket really holds them
        rc, report, err = self.project.ingest(self.env())
        # Refused, reported and recorded; they do not stop the good objects.
        self.assertEqual(rc, 0, err)
        self.assertIn("refused", err)
        reasons = " ".join(r["reason"] for r in report["refused"])
        for why in ('".." segment', "control byte", "empty segment", "longer than 1024 bytes"):
            self.assertIn(why, reasons)
        self.assertEqual(len(report["refused"]), len(hostile))
        self.assert_landed_intact(report, good)
        landed_glob = next(o["landed_path"] for o in report["objects"] if o["key"] == glob_key)
        self.assertTrue(landed_glob.endswith("/%2A.dat"), landed_glob)
        self.assertFalse(os.path.exists(f"/tmp/{escape_name}"))
        for f in self.project.files():
            if f.startswith(self.project.landing):
                self.assertNotEqual(open(f, "rb").read(), b"evil", f)
        self.assertFalse(any("double-slash" in f or "dot.dat" in f or "byte.dat" in f for f in self.project.files()))
        rc, again, err = self.project.ingest(self.env())
        self.assertEqual((rc, again["landed"], len(again["refused"])), (0, 0, len(hostile)), err)

    def test_same_bytes_under_a_new_etag_are_not_a_new_version(self):
        # A multipart re-upload of the same bytes gets another ETag ("<md5 of md5s>-2").
        from boto3.s3.transfer import TransferConfig
        import io
        key = "products/source=pim/dt=2024-01-01/big.parquet"
        body = hashlib.sha256(b"big").digest() * (6 * 1024 * 1024 // 32)
        s3 = MOTO.client()
        s3.put_object(Bucket=self.bucket, Key=key, Body=body)
        rc, first, err = self.project.ingest(self.env())
        self.assertEqual((rc, first["landed"]), (0, 1), err)
        etag1 = s3.head_object(Bucket=self.bucket, Key=key)["ETag"]
        config = TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024)
        s3.upload_fileobj(io.BytesIO(body), self.bucket, key, Config=config)
        etag2 = s3.head_object(Bucket=self.bucket, Key=key)["ETag"]
        self.assertNotEqual(etag1, etag2)
        self.assertTrue(etag2.strip('"').endswith("-2"), etag2)
        rc, second, err = self.project.ingest(self.env())
        self.assertEqual((rc, second["landed"], second["new_versions"]), (0, 0, 0), err)
        rc, third, err = self.project.ingest(self.env())
        self.assertEqual((rc, third["landed"], third["unchanged"], third["batch_id"]), (0, 0, 1, ""), err)
        # New bytes under the same key: version 2.
        s3.put_object(Bucket=self.bucket, Key=key, Body=body[:-1] + b"!")
        rc, fourth, err = self.project.ingest(self.env())
        self.assertEqual((rc, fourth["landed"], fourth["new_versions"]), (0, 1, 1), err)
        self.assertEqual(fourth["objects"][0]["version"], 2)

    def test_kill_9_mid_ingest_then_rerun_lands_everything_once(self):
        objects = raw_objects("k", 16)
        self.put_all(objects)
        # Stalls make the first run slow enough to be killed in the middle.
        with FaultProxy(MOTO.port, {"stall": 0.5}, seed=3, methods=("GET",), spare_listings=True) as proxy:
            env = self.env(endpoint=proxy.endpoint, ECOMDW_S3_STALL_SECONDS="1")
            p = subprocess.Popen([ECOMDW, "--project", self.project.dir, "ingest", "--parallel", "2"], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 60
            landed = []
            while time.monotonic() < deadline and p.poll() is None:
                landed = [f for f in self.project.files()
                          if f.startswith(self.project.landing) and ".ecomdw-tmp-" not in f]
                if len(landed) >= 3:
                    break
                time.sleep(0.02)  # polling the landing area, bounded by the deadline
            self.assertIsNone(p.poll(), "ingest finished before it could be killed")
            os.kill(p.pid, signal.SIGKILL)
            p.wait()
        rc, again, err = self.project.ingest(self.env())
        self.assertEqual(rc, 0, err)
        # Claimed by the killed run and not recorded as landed: fetched again.
        self.assertGreater(again["retried"], 0)
        self.assertEqual(again["retried"] + again["unchanged"], len(objects))
        rc, third, err = self.project.ingest(self.env())
        self.assertEqual((rc, third["landed"], third["unchanged"]), (0, 0, len(objects)), err)
        self.assert_no_temp_files()
        # Every object has exactly one intact file in the batch that recorded it.
        self.assert_landed_intact(again, {o["key"]: objects[o["key"]] for o in again["objects"]})


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: ingest_e2e.py path/to/ecomdw")
    ECOMDW = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
