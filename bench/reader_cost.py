#!/usr/bin/env python3
"""What DuckDB's multi-file readers cost per object (issue 11: "sniffing dominates on small
objects"): the same objects counted with the reader options people write, one step each.

usage: reader_cost.py RAW_DIR OUT.sql [--slow]; then: $(bench/sqlrun_path.sh) /tmp/x.duckdb OUT.sql

Steps over marketplace orders (gzip CSV, ~750 objects) and webshop orders (gzip JSON lines):
  csv explicit       read_csv(list, columns={...}, auto_detect=false, header=true)
  csv sniff first    read_csv(list, header=true)            (detects on the first object)
  csv union_by_name  read_csv(list, union_by_name=true, all_varchar=true)   (--slow: sniffs each)
  json explicit      read_json(list, columns={...}, format='newline_delimited')
  json lines         read_csv of one VARCHAR per line + json_valid/from_json (what the floor does)
  json auto          read_json(list, format='newline_delimited')   (samples objects for the schema)
  json union_by_name read_json(list, union_by_name=true)    (--slow: samples each object)
"""
import json
import os
import sys


def files(raw, prefix):
    out = []
    for d, _, names in os.walk(os.path.join(raw, prefix)):
        out += [os.path.join(d, n) for n in names if os.path.getsize(os.path.join(d, n)) > 0]
    return "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in sorted(out)) + "]"


MP = ("{'mp_order_id': 'VARCHAR', 'marketplace': 'VARCHAR', 'order_date': 'TIMESTAMP', 'last_update': 'TIMESTAMP', "
      "'order_status': 'VARCHAR', 'buyer_email': 'VARCHAR', 'item_no': 'INTEGER', 'sku': 'VARCHAR', 'qty': 'INTEGER', "
      "'item_price': 'DECIMAL(12,2)', 'item_discount': 'DECIMAL(12,2)', 'item_tax': 'DECIMAL(12,2)', "
      "'shipping_fee': 'DECIMAL(12,2)', 'currency': 'VARCHAR', 'promo_code': 'VARCHAR'}")
WEB = {"order_id": "VARCHAR", "channel": "VARCHAR", "customer_id": "VARCHAR", "order_ts": "TIMESTAMP",
       "updated_at": "TIMESTAMP", "status": "VARCHAR", "currency": "VARCHAR", "shipping": "DECIMAL(12,2)",
       "shipping_country": "VARCHAR", "utm_code": "VARCHAR", "coupon_code": "VARCHAR",
       "lines": [{"line_number": "INTEGER", "sku": "VARCHAR", "quantity": "INTEGER", "unit_price": "DECIMAL(12,2)",
                  "discount": "DECIMAL(12,2)", "tax": "DECIMAL(12,2)"}]}


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    raw, slow = argv[1], len(argv) == 4 and argv[3] == "--slow"
    mp, web = files(raw, "orders/source=marketplace/"), files(raw, "orders/source=webshop/")
    web_cols = ("{" + ", ".join(f"'{k}': '{v}'" for k, v in WEB.items() if k != "lines")
                + ", 'lines': 'STRUCT(line_number INTEGER, sku VARCHAR, quantity INTEGER, unit_price DECIMAL(12,2), "
                  "discount DECIMAL(12,2), tax DECIMAL(12,2))[]'}")
    steps = [
        ("csv explicit", f"SELECT count(*) FROM read_csv({mp}, header = true, auto_detect = false, "
                         f"ignore_errors = true, columns = {MP})"),
        ("csv sniff first", f"SELECT count(*) FROM read_csv({mp}, header = true, ignore_errors = true)"),
        ("json explicit", f"SELECT count(*) FROM read_json({web}, format = 'newline_delimited', "
                          f"ignore_errors = true, columns = {web_cols})"),
        ("json lines", "SELECT count(*), count(j) FROM (SELECT CASE WHEN json_valid(line) THEN from_json(line, '"
                       + json.dumps(WEB) + f"') END AS j FROM read_csv({web}, header = false, auto_detect = false, "
                       "delim = '\\t', quote = '', escape = '', columns = {'line': 'VARCHAR'}))"),
        ("json auto", f"SELECT count(*) FROM read_json({web}, format = 'newline_delimited', ignore_errors = true)"),
    ]
    if slow:
        steps += [
            ("csv union_by_name", f"SELECT count(*) FROM read_csv({mp}, header = true, union_by_name = true, "
                                  f"all_varchar = true, ignore_errors = true)"),
            ("json union_by_name", f"SELECT count(*) FROM read_json({web}, format = 'newline_delimited', "
                                   f"union_by_name = true, ignore_errors = true)"),
        ]
    with open(argv[2], "w", encoding="utf-8") as f:
        for label, sql in steps:
            f.write(f"-- @ {label}\n{sql};\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
