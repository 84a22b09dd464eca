/* Runs a SQL script on a DuckDB database file through DuckDB's C API and prints the seconds of
 * each step (the engine floor of bench/baseline_b1.py; it links the same libduckdb as ecomdw and
 * nothing of ecomdw). A step is the text after a line "-- @ LABEL" up to the next such line (or
 * the whole script); its statements run in order, and the rows of every SELECT are printed.
 * Each step's line: wall seconds, label, CPU seconds of the process (all threads) in the step.
 *   cc -O2 bench/sqlrun.c -Ithird_party/duckdb/include -Lthird_party/duckdb/lib -lduckdb \
 *      -Wl,-rpath,$PWD/third_party/duckdb/lib -o /tmp/sqlrun        (bench/floor.sh does this)
 *   sqlrun DB_FILE SCRIPT.sql
 * Exit 1 on the first failing statement (its step and DuckDB's message on stderr). */
#include <duckdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU seconds (user + sys) of the whole process, every DuckDB thread included. */
static double cpu(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static char* slurp(const char* path) {
  FILE* f = fopen(path, "rb");
  if (!f) { perror(path); return NULL; }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char* s = malloc(n + 1);
  if (!s || fread(s, 1, n, f) != (size_t)n) { perror(path); fclose(f); return NULL; }
  s[n] = 0;
  fclose(f);
  return s;
}

static void print_rows(duckdb_result* r) {
  idx_t rows = duckdb_row_count(r), cols = duckdb_column_count(r);
  for (idx_t row = 0; row < rows && row < 100; row++) {
    printf("          ");
    for (idx_t c = 0; c < cols; c++) {
      char* v = duckdb_value_varchar(r, c, row);
      printf("%s%s", c ? " | " : "", v ? v : "NULL");
      duckdb_free(v);
    }
    printf("\n");
  }
}

/* Runs every statement of sql; returns 0 or 1. */
static int run_step(duckdb_connection con, const char* label, const char* sql) {
  duckdb_extracted_statements stmts;
  idx_t count = duckdb_extract_statements(con, sql, &stmts);
  const char* err = duckdb_extract_statements_error(stmts);
  if (err) { fprintf(stderr, "%s: %s\n", label, err); return 1; }
  for (idx_t i = 0; i < count; i++) {
    duckdb_prepared_statement p;
    duckdb_result r;
    if (duckdb_prepare_extracted_statement(con, stmts, i, &p) != DuckDBSuccess) {
      fprintf(stderr, "%s, statement %llu: %s\n", label, (unsigned long long)i + 1, duckdb_prepare_error(p));
      return 1;
    }
    int is_select = duckdb_prepared_statement_type(p) == DUCKDB_STATEMENT_TYPE_SELECT;
    if (duckdb_execute_prepared(p, &r) != DuckDBSuccess) {
      fprintf(stderr, "%s, statement %llu: %s\n", label, (unsigned long long)i + 1, duckdb_result_error(&r));
      return 1;
    }
    if (is_select) print_rows(&r);
    duckdb_destroy_result(&r);
    duckdb_destroy_prepare(&p);
  }
  duckdb_destroy_extracted(&stmts);
  return 0;
}

int main(int argc, char** argv) {
  if (argc != 3) { fprintf(stderr, "usage: sqlrun DB_FILE SCRIPT.sql\n"); return 2; }
  char* sql = slurp(argv[2]);
  if (!sql) return 2;
  duckdb_database db;
  duckdb_connection con;
  if (duckdb_open(argv[1], &db) != DuckDBSuccess || duckdb_connect(db, &con) != DuckDBSuccess) {
    fprintf(stderr, "cannot open %s\n", argv[1]);
    return 1;
  }
  double start = now();
  int steps = 0;
  char* p = sql;
  while (*p) {
    /* The step runs from p to the next "\n-- @ " marker (exclusive). */
    char label[256] = "script";
    if (strncmp(p, "-- @ ", 5) == 0) {
      char* eol = strchr(p, '\n');
      size_t n = eol ? (size_t)(eol - p - 5) : strlen(p + 5);
      if (n >= sizeof label) n = sizeof label - 1;
      memcpy(label, p + 5, n);
      label[n] = 0;
      p = eol ? eol + 1 : p + strlen(p);
    }
    char* next = strstr(p, "\n-- @ ");
    if (next) *next = 0;
    double t0 = now(), c0 = cpu();
    if (run_step(con, label, p)) return 1;
    printf("%8.3f s  %s  (cpu %.3f s)\n", now() - t0, label, cpu() - c0);
    fflush(stdout);
    steps++;
    p = next ? next + 1 : p + strlen(p);
  }
  printf("%8.3f s  total (%d steps)  (cpu %.3f s)\n", now() - start, steps, cpu());
  duckdb_disconnect(&con);
  duckdb_close(&db);
  free(sql);
  return 0;
}
