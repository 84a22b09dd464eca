#!/usr/bin/python3
"""Reads a Prometheus text exposition (a file, or - for stdin) with the
reference Python client's parser (Debian python3-prometheus-client) and
prints one JSON document: {"families": {name: {"type", "help"}},
"samples": {'name{a="x",b="y"}': value}} with labels sorted by name.

Exits 1 naming the problem when the text does not parse, when a family
appears twice, when one has no HELP or no TYPE, or when a series repeats:
what a scraper would reject or silently merge.

usage: prom_parse.py FILE|-
"""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families


def main():
    text = sys.stdin.read() if sys.argv[1] == "-" else open(sys.argv[1], encoding="utf-8").read()
    families, samples = {}, {}
    try:
        parsed = list(text_string_to_metric_families(text))
    except Exception as e:  # the parser raises ValueError and others on bad input
        sys.exit(f"not Prometheus text format: {e}")
    for f in parsed:
        if f.name in families:
            sys.exit(f"family {f.name} appears twice")
        if f.type == "unknown" or not f.documentation:
            sys.exit(f"family {f.name} lacks a TYPE or a HELP line")
        families[f.name] = {"type": f.type, "help": f.documentation}
        for s in f.samples:
            key = s.name + "{" + ",".join(f'{k}="{v}"' for k, v in sorted(s.labels.items())) + "}"
            if key in samples:
                sys.exit(f"series {key} appears twice")
            samples[key] = s.value
    # Every HELP and TYPE line names a family the parser saw (none ignored).
    for line in text.splitlines():
        if line.startswith("# HELP ") or line.startswith("# TYPE "):
            name = line.split(" ")[2]
            base = name[: -len("_total")] if name.endswith("_total") else name
            if name not in families and base not in families:
                sys.exit(f"{line!r} names no family the parser returned")
    json.dump({"families": families, "samples": samples}, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
