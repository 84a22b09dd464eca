#!/usr/bin/python3
"""A reader that holds a warehouse file open, as a BI tool or notebook would,
through the pinned libduckdb.so (the one the ecomdw binary links).

usage: hold_reader.py LIBDUCKDB.so FILE OUT_PREFIX
Attaches FILE read-only and keeps it attached. For every line N read on
stdin (and once at start, N=0) it writes the row count and an
order-independent hash of core.fact_orders and marts.daily_sales_by_channel
to OUT_PREFIX.N.csv, then prints "done N". Exits at the end of stdin; exit 1
with DuckDB's error when a query fails (a broken reader).
"""
import ctypes
import sys

lib = ctypes.CDLL(sys.argv[1])
lib.duckdb_open.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
lib.duckdb_connect.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)]
lib.duckdb_query.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p]
lib.duckdb_result_error.argtypes = [ctypes.c_void_p]
lib.duckdb_result_error.restype = ctypes.c_char_p
lib.duckdb_destroy_result.argtypes = [ctypes.c_void_p]

db, con = ctypes.c_void_p(), ctypes.c_void_p()
if lib.duckdb_open(None, ctypes.byref(db)) != 0 or lib.duckdb_connect(db, ctypes.byref(con)) != 0:
    sys.exit("hold_reader: cannot open an in-memory database")


def run(sql):
    result = ctypes.create_string_buffer(256)  # duckdb_result is 48 bytes
    if lib.duckdb_query(con, sql.encode(), result) != 0:
        error = lib.duckdb_result_error(result)
        sys.exit("hold_reader: " + (error.decode() if error else "query failed") + "\n  in: " + sql)
    lib.duckdb_destroy_result(result)


def quoted(text):
    return "'" + text.replace("'", "''") + "'"


run("ATTACH " + quoted(sys.argv[2]) + " AS held (READ_ONLY)")
state = ("SELECT (SELECT count(*) FROM held.core.fact_orders) AS orders, "
         "(SELECT CAST(sum(hash(o)) AS VARCHAR) FROM held.core.fact_orders o) AS orders_hash, "
         "(SELECT CAST(sum(hash(d)) AS VARCHAR) FROM held.marts.daily_sales_by_channel d) AS daily_hash")


def snapshot_state(n):
    run("COPY (" + state + ") TO " + quoted(sys.argv[3] + "." + n + ".csv") + " (HEADER false)")
    print("done " + n, flush=True)


snapshot_state("0")
for line in sys.stdin:
    snapshot_state(line.strip())
