// The project configuration: <project>/ecomdw.toml, typed and validated.
//
// LoadConfig() is strict: an unknown key, a value of the wrong type or a
// missing required value is InvalidArgument naming file, line and key.
// Secrets never live in the file: keys that look like secrets are refused,
// and credentials come from the environment (AWS_*, PG*) only.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "common/result.h"

namespace ecomdw::config {

// A Redshift Serverless workgroup, validated as AWS does, and mapped onto
// this machine's threads, memory and query time limit.
struct Workgroup {
  std::string name = "ecommerce-data-warehouse-workgroup";
  std::string namespace_name = "ecommerce-data-warehouse";
  int64_t base_capacity_rpu = 128;
  std::string region = "us-east-1";
  int64_t max_query_execution_time_s = 3600;  // AWS's max_query_execution_time
  // Local only (not an AWS setting): the memory this machine's engine may use
  // for the workgroup, e.g. "4GiB". 0 = derived from base_capacity_rpu.
  int64_t local_memory_limit_bytes = 0;
};

// What a workgroup means on one machine.
struct LocalLimits {
  int threads = 1;
  int64_t memory_bytes = 0;
  std::chrono::milliseconds query_time_limit{0};
  std::string memory_limit_text() const;  // "12GiB" for DuckDB's memory_limit
};

struct Bucket {
  std::string uri;                 // file://… or s3://ecommerce-raw-data
  std::string landing_dir = ".ecomdw/landing";  // relative to the project
  // The S3 bucket `ecomdw deploy render` provisions for this raw zone. Needed
  // when `uri` is file:// (a local stand-in for it); with an s3:// uri it may
  // be left out, and when given must name the uri's bucket (checked by
  // deploy render, which names both keys).
  std::string deploy_bucket;
};

enum class TargetType { kDuckDb, kPostgres, kRedshift };

// [build]: how a build treats a model task that failed transiently
// (models/task_retry.h says which failures are).
struct BuildSettings {
  int64_t task_retries = 1;         // retries after the first attempt, 0..10
  int64_t retry_backoff_ms = 1000;  // before the first retry; doubles each time, 0..600000
};

struct Target {
  std::string name;
  TargetType type = TargetType::kDuckDb;
  std::string path;      // duckdb: database file, relative to the project
  std::string host;      // postgres/redshift; credentials from PG* variables
  int64_t port = 5432;
  std::string dbname;
  std::string user;
  std::string iam_role_arn;  // redshift: COPY FROM S3 role
};

enum class DriftPolicy { kFail, kEvolve, kQuarantine };

// A contract rule: rows for which `fails_when` (a SQL boolean over the
// source's typed columns) is true go to quarantine with `reason`.
struct ContractRule {
  std::string reason;  // a safe identifier, e.g. invalid_email
  // SQL expression; NULL counts as passing. Parsed at load against the rule
  // grammar (config/rule_expression.h) and re-written from its tokens: this
  // is that canonical text, never the file's.
  std::string fails_when;
  std::string where;                 // FILE:LINE: key "…", for messages
  std::vector<std::string> lookups;  // sources its EXISTS reads (staging.<name>)
};

// name, SQL type; file order. Names are safe identifiers not starting with
// '_'; types are common/sql_type.h's canonical spelling (ToSql()), never the
// file's text.
using ColumnList = std::vector<std::pair<std::string, std::string>>;

// A source system's contract; see docs/raw_zone.md for the built-in ones.
struct Source {
  std::string name;
  std::string prefix;        // key prefix in the bucket, e.g. orders/source=webshop/
  std::string format;        // jsonl | csv | parquet | json
  std::string compression;   // none | gzip
  ColumnList columns;
  // jsonl: the array field whose elements become rows (webshop `lines`), and
  // the typed fields of each element. Empty for flat sources.
  std::string explode;
  ColumnList explode_columns;
  std::vector<std::string> required;  // top-level or element columns
  std::vector<std::string> business_key;
  std::string updated_at;
  DriftPolicy drift_policy = DriftPolicy::kFail;
  std::vector<ContractRule> rules;
  // Raw field or header names that are not the contract's column names
  // ("Order ID" -> order_id), from [sources.<name>.raw_names]. A raw name
  // listed here is read into its column; positional rename detection is
  // only the fallback for names nobody declared.
  std::map<std::string, std::string> raw_names;
};

struct Role {
  std::string name;
  std::vector<std::string> schemas;     // schemas the role may read
  std::vector<std::string> privileges;  // SELECT, INSERT, …
  bool pii = false;                     // may read PII columns
};

// [metrics]: where every build and run writes its Prometheus textfile for
// node_exporter's textfile collector (docs/monitoring.md).
struct Metrics {
  std::string textfile = ".ecomdw/metrics/ecomdw.prom";  // relative to the project, or absolute; *.prom
};

struct Config {
  std::filesystem::path project_dir;  // absolute
  std::filesystem::path file;         // absolute path of ecomdw.toml
  std::string project_name = "ecommerce";
  Workgroup workgroup;
  Bucket bucket;
  BuildSettings build;
  std::string default_target = "duckdb";
  std::vector<Target> targets;
  std::vector<Source> sources;
  std::vector<Role> roles;
  Metrics metrics;

  // The target called `name`, or the default one when `name` is empty.
  // InvalidArgument naming the known targets when there is none.
  Result<const Target*> FindTarget(const std::string& name) const;
  // The bucket URI with a relative file:// path made absolute against the
  // project folder (so commands work from any working directory).
  std::string ResolvedBucketUri() const;
  // Project-relative paths made absolute.
  std::filesystem::path Resolve(const std::string& relative) const;
};

// Validates the workgroup as AWS does: base capacity 8..512 RPU in steps of
// 8; above 512, steps of 32 up to 1024, only in regions that offer it.
Status ValidateWorkgroup(const Workgroup& wg, const std::string& where);

// Parses a memory size such as "512MiB", "4GiB", "4GB" (GB read as GiB) into
// bytes. InvalidArgument for anything else.
Result<int64_t> ParseMemorySize(const std::string& text);

// Maps the workgroup onto a machine with `hardware_threads` and
// `physical_memory` bytes: 1 RPU = 16 GiB, capped at 80 % of this machine's
// memory; threads = RPU / 8, capped at the hardware threads.
LocalLimits MapWorkgroupToMachine(const Workgroup& wg, int hardware_threads, int64_t physical_memory);
LocalLimits MapWorkgroupToThisMachine(const Workgroup& wg);

// Parses and validates `text` as if read from `file` in `project_dir`.
Result<Config> ParseConfig(const std::string& text, const std::filesystem::path& file);

// Reads <project_dir>/ecomdw.toml. NotFound (exit 2 via the CLI's table is
// InvalidArgument) when the project has no ecomdw.toml.
Result<Config> LoadConfig(const std::filesystem::path& project_dir);

}  // namespace ecomdw::config
