"""Benchmark of `ecomdw ingest` (issue 5): a raw zone from file:// and from
moto_server (S3 with SigV4 and IAM enforced, on loopback), then the no-op
rerun. Prints objects/s and MB/s; asserts nothing about time.

  python3 bench/ingest_bench.py build/ecomdw /tmp/raw [--skip-moto]

/tmp/raw comes from `ecomdw generate --scale 1 --seed 1 --to file:///tmp/raw`.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e", "s3"))


def project(ecomdw, uri):
    d = tempfile.mkdtemp(prefix="ecomdw-ingest-bench-")
    subprocess.run([ecomdw, "init", d], check=True, capture_output=True)
    toml = os.path.join(d, "ecomdw.toml")
    with open(toml) as f:
        text = f.read().replace('uri = "file://raw"', f'uri = "{uri}"')
    with open(toml, "w") as f:
        f.write(text)
    return d


def ingest(ecomdw, d, env=None):
    t0 = time.monotonic()
    p = subprocess.run([ecomdw, "--project", d, "--format", "json", "ingest"], env=env, capture_output=True,
                       text=True)
    wall = time.monotonic() - t0
    if p.returncode != 0:
        sys.exit(f"ingest failed ({p.returncode}): {p.stderr[-2000:]}")
    r = json.loads(p.stdout)
    return wall, r


def report(label, wall, r):
    mb = r["bytes_landed"] / 1e6
    print(f"{label:28s} {r['landed']:6d} objects {mb:8.1f} MB  {wall:7.2f} s  "
          f"{r['landed'] / wall:8.1f} objects/s  {mb / wall:7.1f} MB/s  (listed {r['listed']}, unchanged {r['unchanged']})")


def main():
    ecomdw, raw = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    d = project(ecomdw, "file://" + raw)
    report("file:// first ingest", *ingest(ecomdw, d))
    report("file:// no-op rerun", *ingest(ecomdw, d))
    if "--skip-moto" in sys.argv:
        return
    from moto_harness import MotoS3
    with MotoS3() as moto:
        s3 = moto.client()
        files = []
        for root, _, names in os.walk(raw):
            files += [os.path.join(root, n) for n in names]
        t0 = time.monotonic()

        def put(path):
            with open(path, "rb") as f:
                moto.client().put_object(Bucket=moto.bucket, Key=os.path.relpath(path, raw), Body=f.read())
        with ThreadPoolExecutor(4) as ex:
            list(ex.map(put, files))
        print(f"boto3 upload of {len(files)} objects to moto: {time.monotonic() - t0:.1f} s")
        del s3
        d = project(ecomdw, f"s3://{moto.bucket}")
        env = moto.env()
        report("moto (S3) first ingest", *ingest(ecomdw, d, env))
        report("moto (S3) no-op rerun", *ingest(ecomdw, d, env))


if __name__ == "__main__":
    main()
