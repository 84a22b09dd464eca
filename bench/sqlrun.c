/* Runs a SQL script on a DuckDB database file through DuckDB's C API, statement by statement,
 * and prints each statement's seconds (the hand-written baseline of bench/baseline_b1.py; it
 * links the same libduckdb as ecomdw and nothing of ecomdw).
 *   cc -O2 bench/sqlrun.c -Ithird_party/duckdb/include -Lthird_party/duckdb/lib -lduckdb \
 *      -Wl,-rpath,$PWD/third_party/duckdb/lib -o /tmp/sqlrun
 *   /tmp/sqlrun DB_FILE SCRIPT.sql */
#include <duckdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char** argv) {
  if (argc != 3) { fprintf(stderr, "usage: sqlrun DB_FILE SCRIPT.sql\n"); return 2; }
  FILE* f = fopen(argv[2], "rb");
  if (!f) { perror(argv[2]); return 2; }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char* sql = malloc(n + 1);
  if (fread(sql, 1, n, f) != (size_t)n) { perror("read"); return 2; }
  sql[n] = 0;
  fclose(f);
  duckdb_database db;
  duckdb_connection con;
  if (duckdb_open(argv[1], &db) != DuckDBSuccess || duckdb_connect(db, &con) != DuckDBSuccess) {
    fprintf(stderr, "cannot open %s\n", argv[1]);
    return 1;
  }
  duckdb_extracted_statements stmts;
  idx_t count = duckdb_extract_statements(con, sql, &stmts);
  if (count == 0) { fprintf(stderr, "%s\n", duckdb_extract_statements_error(stmts)); return 1; }
  double start = now();
  for (idx_t i = 0; i < count; i++) {
    duckdb_prepared_statement p;
    duckdb_result r;
    double t0 = now();
    if (duckdb_prepare_extracted_statement(con, stmts, i, &p) != DuckDBSuccess) {
      fprintf(stderr, "statement %llu: %s\n", (unsigned long long)i + 1, duckdb_prepare_error(p));
      return 1;
    }
    if (duckdb_execute_prepared(p, &r) != DuckDBSuccess) {
      fprintf(stderr, "statement %llu: %s\n", (unsigned long long)i + 1, duckdb_result_error(&r));
      return 1;
    }
    if (getenv("SQLRUN_PRINT")) { /* debugging: the first 40 rows of each result */
      idx_t rows = duckdb_row_count(&r), cols = duckdb_column_count(&r);
      for (idx_t row = 0; row < rows && row < 40; row++) {
        for (idx_t c = 0; c < cols; c++) {
          char* v = duckdb_value_varchar(&r, c, row);
          printf("%s%s", c ? " | " : "", v ? v : "NULL");
          duckdb_free(v);
        }
        printf("\n");
      }
    }
    duckdb_destroy_result(&r);
    duckdb_destroy_prepare(&p);
    printf("%8.3f s  statement %llu\n", now() - t0, (unsigned long long)i + 1);
    fflush(stdout);
  }
  printf("%8.3f s  total (%llu statements)\n", now() - start, (unsigned long long)count);
  duckdb_destroy_extracted(&stmts);
  duckdb_disconnect(&con);
  duckdb_close(&db);
  return 0;
}
