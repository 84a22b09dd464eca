#!/usr/bin/python3
"""Runs SQL statements in an in-memory DuckDB through the pinned libduckdb.so
(the one the ecomdw binary links), for tests that must write a raw object a
generator would not, e.g. a Parquet export with a hostile product name.

usage: duckdb_exec.py LIBDUCKDB.so SQL [SQL ...]   (exit 1 with DuckDB's error)
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
    sys.exit("duckdb_exec: cannot open an in-memory database")
for sql in sys.argv[2:]:
    result = ctypes.create_string_buffer(256)  # duckdb_result is 48 bytes
    state = lib.duckdb_query(con, sql.encode(), result)
    if state != 0:
        error = lib.duckdb_result_error(result)
        sys.exit("duckdb_exec: " + (error.decode() if error else "query failed") + "\n  in: " + sql)
    lib.duckdb_destroy_result(result)
