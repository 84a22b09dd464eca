#include "config/config.h"

#include <algorithm>
#include <set>

#include "common/sql_quote.h"
#include "common/sql_type.h"
#include "config/config_values.h"
#include "config/rule_expression.h"
#include "config/toml_reader.h"
#include "objectstore/file_util.h"
#include "objectstore/object_store.h"

namespace ecomdw::config {
namespace fs = std::filesystem;
namespace {

// Keys that would put a secret into a file that gets committed.
bool LooksLikeSecret(const std::string& key) {
  static const std::set<std::string> kSecretKeys = {
      "password", "secret", "secret_access_key", "aws_secret_access_key", "session_token",
      "aws_session_token", "access_key_id", "aws_access_key_id", "token", "passwd"};
  std::string lower = key;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return kSecretKeys.count(lower) > 0;
}

Status RefuseSecrets(const TableReader& t) {
  for (const std::string& key : t.Keys()) {
    if (LooksLikeSecret(key)) {
      return Status::InvalidArgument(
          "{}: key \"{}\" holds a secret; secrets come from the environment only (AWS_*, PG*)", t.Where(key),
          t.Qualified(key));
    }
  }
  return Status::OK();
}

Status CheckIdentifier(const TableReader& t, const std::string& key, const std::string& value) {
  if (!IsSafeIdentifier(value)) {
    return Status::InvalidArgument("{}: \"{}\" in \"{}\" is not a safe identifier ([A-Za-z_][A-Za-z0-9_]*, ≤63)",
                                   t.Where(key), value, t.Qualified(key));
  }
  return Status::OK();
}

// `check` applied to a value read from `key`, its message given the place.
Status CheckValue(const TableReader& t, const std::string& key, const Status& check) {
  if (check.ok()) return check;
  return Status::InvalidArgument("{}: key \"{}\": {}", t.Where(key), t.Qualified(key), check.message());
}

Status CheckOneOf(const TableReader& t, const std::string& key, const std::string& value,
                  std::initializer_list<const char*> allowed) {
  std::string list;
  for (const char* a : allowed) {
    if (value == a) return Status::OK();
    list += list.empty() ? a : std::string(", ") + a;
  }
  return Status::InvalidArgument("{}: key \"{}\": \"{}\" is not one of {}", t.Where(key), t.Qualified(key), value,
                                 list);
}

Status ReadWorkgroup(TableReader t, Workgroup* wg) {
  ECOMDW_TRY(RefuseSecrets(t));
  ECOMDW_TRY(t.String("name", &wg->name));
  ECOMDW_TRY(t.String("namespace", &wg->namespace_name));
  ECOMDW_TRY(t.Int("base_capacity_rpu", &wg->base_capacity_rpu));
  ECOMDW_TRY(t.String("region", &wg->region));
  ECOMDW_TRY(t.Int("max_query_execution_time", &wg->max_query_execution_time_s));
  std::string local_memory;
  ECOMDW_TRY(t.String("local_memory_limit", &local_memory));
  ECOMDW_TRY(t.Finish());
  ECOMDW_TRY(CheckValue(t, "name", CheckAwsName(wg->name)));
  ECOMDW_TRY(CheckValue(t, "namespace", CheckAwsName(wg->namespace_name)));
  ECOMDW_TRY(CheckValue(t, "region", CheckAwsRegion(wg->region)));
  if (!local_memory.empty()) {
    Result<int64_t> bytes = ParseMemorySize(local_memory);
    if (!bytes.ok()) return bytes.status().WithContext(t.Where("local_memory_limit"));
    wg->local_memory_limit_bytes = *bytes;
  }
  return ValidateWorkgroup(*wg, t.Where("base_capacity_rpu"));
}

Status ReadBucket(TableReader t, Bucket* b) {
  ECOMDW_TRY(RefuseSecrets(t));
  ECOMDW_TRY(t.String("uri", &b->uri, /*required=*/true));
  ECOMDW_TRY(t.String("landing_dir", &b->landing_dir));
  ECOMDW_TRY(t.String("deploy_bucket", &b->deploy_bucket));
  ECOMDW_TRY(t.Finish());
  if (!b->deploy_bucket.empty()) ECOMDW_TRY(CheckValue(t, "deploy_bucket", CheckS3BucketName(b->deploy_bucket)));
  if (b->uri.rfind("file://", 0) != 0 && b->uri.rfind("s3://", 0) != 0) {
    return Status::InvalidArgument("{}: bucket.uri \"{}\": expected file://PATH or s3://BUCKET", t.Where("uri"),
                                   b->uri);
  }
  if (b->uri.rfind("file://", 0) == 0) ECOMDW_TRY(CheckValue(t, "uri", CheckLocalPath(b->uri.substr(7))));
  // Landed paths are handed to the engine's file readers.
  return CheckValue(t, "landing_dir", CheckLocalPath(b->landing_dir));
}

Status ReadBuild(TableReader t, BuildSettings* b) {
  ECOMDW_TRY(t.Int("task_retries", &b->task_retries));
  ECOMDW_TRY(t.Int("retry_backoff_ms", &b->retry_backoff_ms));
  ECOMDW_TRY(t.Finish());
  if (b->task_retries < 0 || b->task_retries > 10) {
    return Status::InvalidArgument("{}: build.task_retries {}: must be 0..10", t.Where("task_retries"),
                                   b->task_retries);
  }
  if (b->retry_backoff_ms < 0 || b->retry_backoff_ms > 600000) {
    return Status::InvalidArgument("{}: build.retry_backoff_ms {}: must be 0..600000", t.Where("retry_backoff_ms"),
                                   b->retry_backoff_ms);
  }
  return Status::OK();
}

Status ReadTarget(const std::string& name, TableReader t, Target* target) {
  ECOMDW_TRY(RefuseSecrets(t));
  target->name = name;
  std::string type;
  ECOMDW_TRY(t.String("type", &type, /*required=*/true));
  ECOMDW_TRY(CheckOneOf(t, "type", type, {"duckdb", "postgres", "redshift"}));
  target->type = type == "duckdb" ? TargetType::kDuckDb : type == "postgres" ? TargetType::kPostgres
                                                                             : TargetType::kRedshift;
  ECOMDW_TRY(t.String("path", &target->path, target->type == TargetType::kDuckDb));
  ECOMDW_TRY(t.String("host", &target->host));
  ECOMDW_TRY(t.Int("port", &target->port));
  ECOMDW_TRY(t.String("dbname", &target->dbname));
  ECOMDW_TRY(t.String("user", &target->user));
  ECOMDW_TRY(t.String("iam_role_arn", &target->iam_role_arn));
  ECOMDW_TRY(t.Finish());
  if (target->port < 1 || target->port > 65535) {
    return Status::InvalidArgument("{}: targets.{}.port {} is not a TCP port", t.Where("port"), name, target->port);
  }
  // The DuckDB file is opened by path and ATTACHed by literal; the others
  // end up in a connection string and a COPY … IAM_ROLE literal.
  if (!target->path.empty()) ECOMDW_TRY(CheckValue(t, "path", CheckLocalPath(target->path)));
  if (!target->host.empty()) ECOMDW_TRY(CheckValue(t, "host", CheckHost(target->host)));
  if (!target->dbname.empty()) ECOMDW_TRY(CheckValue(t, "dbname", CheckConnectionName(target->dbname)));
  if (!target->user.empty()) ECOMDW_TRY(CheckValue(t, "user", CheckConnectionName(target->user)));
  if (!target->iam_role_arn.empty()) ECOMDW_TRY(CheckValue(t, "iam_role_arn", CheckIamRoleArn(target->iam_role_arn)));
  return Status::OK();
}

// Column name = "SQL TYPE" pairs of a sub-table, in file order.
Status ReadColumns(TableReader& t, const std::string& key, ColumnList* out) {
  ECOMDW_ASSIGN_OR_RETURN(auto columns, t.Table(key));
  if (!columns) return Status::OK();
  for (const std::string& col : columns->Keys()) {
    ECOMDW_TRY(CheckIdentifier(*columns, col, col));
    if (col.front() == '_') {
      return Status::InvalidArgument("{}: column \"{}\" in \"{}\": names starting with '_' are ecomdw's lineage "
                                     "columns (_batch_id, _object_key, _line, _dt)",
                                     columns->Where(col), col, columns->Qualified(col));
    }
    std::string type;
    ECOMDW_TRY(columns->String(col, &type, true));
    // Only the grammar's canonical spelling ever reaches SQL.
    Result<SqlType> parsed = ParseSqlType(type);
    if (!parsed.ok()) {
      return Status::InvalidArgument("{}: key \"{}\": {}", columns->Where(col), columns->Qualified(col),
                                     parsed.status().message());
    }
    out->emplace_back(col, parsed->ToSql());
  }
  return columns->Finish();
}

Status ReadSource(const std::string& name, TableReader t, Source* s) {
  ECOMDW_TRY(RefuseSecrets(t));
  s->name = name;
  ECOMDW_TRY(t.String("prefix", &s->prefix, /*required=*/true));
  ECOMDW_TRY(t.String("format", &s->format, /*required=*/true));
  ECOMDW_TRY(CheckOneOf(t, "format", s->format, {"jsonl", "csv", "parquet", "json"}));
  s->compression = "none";
  ECOMDW_TRY(t.String("compression", &s->compression));
  ECOMDW_TRY(CheckOneOf(t, "compression", s->compression, {"none", "gzip"}));
  ECOMDW_TRY(t.StringArray("required", &s->required));
  ECOMDW_TRY(t.StringArray("business_key", &s->business_key));
  ECOMDW_TRY(t.String("updated_at", &s->updated_at));
  std::string drift = "fail";
  ECOMDW_TRY(t.String("drift_policy", &drift));
  ECOMDW_TRY(CheckOneOf(t, "drift_policy", drift, {"fail", "evolve", "quarantine"}));
  s->drift_policy = drift == "fail" ? DriftPolicy::kFail : drift == "evolve" ? DriftPolicy::kEvolve
                                                                            : DriftPolicy::kQuarantine;
  ECOMDW_TRY(ReadColumns(t, "columns", &s->columns));
  ECOMDW_TRY(t.String("explode", &s->explode));
  ECOMDW_TRY(ReadColumns(t, "explode_columns", &s->explode_columns));
  ECOMDW_ASSIGN_OR_RETURN(auto raw_names, t.Table("raw_names"));
  if (raw_names) {
    for (const std::string& raw : raw_names->Keys()) {
      std::string column;
      ECOMDW_TRY(raw_names->String(raw, &column, true));
      ECOMDW_TRY(CheckValue(*raw_names, raw, CheckRawName(raw)));
      ECOMDW_TRY(CheckIdentifier(*raw_names, raw, column));
      s->raw_names[raw] = column;
    }
    ECOMDW_TRY(raw_names->Finish());
  }
  ECOMDW_ASSIGN_OR_RETURN(auto rules, t.TableArray("rules"));
  for (auto& rule : rules) {
    ContractRule r;
    ECOMDW_TRY(rule->String("reason", &r.reason, true));
    ECOMDW_TRY(rule->String("fails_when", &r.fails_when, true));
    ECOMDW_TRY(rule->Finish());
    ECOMDW_TRY(CheckIdentifier(*rule, "reason", r.reason));
    // Only the re-written expression ever reaches SQL (rule_expression.h).
    Result<RuleExpression> expr = ParseRuleExpression(r.fails_when);
    if (!expr.ok()) {
      return Status::InvalidArgument("{}: key \"{}\": {}", rule->Where("fails_when"), rule->Qualified("fails_when"),
                                     expr.status().message());
    }
    r.fails_when = std::move(expr->sql);
    r.where = fmt::format("{}: key \"{}\"", rule->Where("fails_when"), rule->Qualified("fails_when"));
    r.lookups = std::move(expr->tables);
    s->rules.push_back(std::move(r));
  }
  ECOMDW_TRY(t.Finish());
  if (!s->explode.empty() && (s->format != "jsonl" || s->explode_columns.empty())) {
    return Status::InvalidArgument("{}: sources.{}.explode needs format = \"jsonl\" and explode_columns",
                                   t.Where("explode"), name);
  }
  ECOMDW_TRY(CheckIdentifier(t, "prefix", name));
  // Every name that becomes a column reference is an identifier, whether or
  // not the source declares its columns.
  if (!s->explode.empty()) ECOMDW_TRY(CheckIdentifier(t, "explode", s->explode));
  if (!s->updated_at.empty()) ECOMDW_TRY(CheckIdentifier(t, "updated_at", s->updated_at));
  for (const std::string& c : s->required) ECOMDW_TRY(CheckIdentifier(t, "required", c));
  for (const std::string& c : s->business_key) ECOMDW_TRY(CheckIdentifier(t, "business_key", c));
  std::set<std::string> seen_columns;
  for (const auto* list : {&s->columns, &s->explode_columns}) {
    for (const auto& [c, type] : *list) {
      if (!seen_columns.insert(c).second) {
        return Status::InvalidArgument("{}: sources.{}: column \"{}\" is declared twice (columns and "
                                       "explode_columns share one table)",
                                       t.Where("explode_columns"), name, c);
      }
    }
  }
  if (s->prefix.empty() || s->prefix.back() != '/') {
    return Status::InvalidArgument("{}: sources.{}.prefix \"{}\" must end with '/'", t.Where("prefix"), name,
                                   s->prefix);
  }
  Status key_ok = objectstore::ValidateObjectKey(s->prefix);
  if (!key_ok.ok()) return key_ok.WithContext(t.Where("prefix"));
  auto has_column = [&](const std::string& c) {
    auto named = [&](const auto& p) { return p.first == c; };
    return s->columns.empty() || std::any_of(s->columns.begin(), s->columns.end(), named) ||
           std::any_of(s->explode_columns.begin(), s->explode_columns.end(), named);
  };
  for (const auto& [raw, column] : s->raw_names) {
    if (!has_column(column)) {
      return Status::InvalidArgument("{}: sources.{}.raw_names: \"{}\" maps to \"{}\", which is not one of its columns",
                                     t.Where("raw_names"), name, raw, column);
    }
  }
  for (const auto* list : {&s->required, &s->business_key}) {
    for (const std::string& c : *list) {
      if (!has_column(c)) {
        return Status::InvalidArgument("{}: sources.{}: \"{}\" is not one of its columns", t.Where(), name, c);
      }
    }
  }
  if (!s->updated_at.empty() && !has_column(s->updated_at)) {
    return Status::InvalidArgument("{}: sources.{}.updated_at: \"{}\" is not one of its columns",
                                   t.Where("updated_at"), name, s->updated_at);
  }
  return Status::OK();
}

Status ReadRole(const std::string& name, TableReader t, Role* role) {
  ECOMDW_TRY(RefuseSecrets(t));
  role->name = name;
  ECOMDW_TRY(t.StringArray("schemas", &role->schemas, true));
  ECOMDW_TRY(t.StringArray("privileges", &role->privileges));
  ECOMDW_TRY(t.Bool("pii", &role->pii));
  ECOMDW_TRY(t.Finish());
  for (const std::string& s : role->schemas) ECOMDW_TRY(CheckIdentifier(t, "schemas", s));
  for (const std::string& p : role->privileges) {
    ECOMDW_TRY(CheckOneOf(t, "privileges", p, {"SELECT", "INSERT", "UPDATE", "DELETE", "USAGE"}));
  }
  return Status::OK();
}

Status ReadMetrics(TableReader t, Metrics* m) {
  ECOMDW_TRY(t.String("textfile", &m->textfile));
  ECOMDW_TRY(t.Finish());
  if (!m->textfile.ends_with(".prom")) {
    return Status::InvalidArgument("{}: key \"{}\": \"{}\" must end in .prom (node_exporter reads only those)",
                                   t.Where("textfile"), t.Qualified("textfile"), m->textfile);
  }
  return CheckValue(t, "textfile", CheckLocalPath(m->textfile));
}

// Reads [section.NAME] tables through `read` into `out`, names validated.
template <typename T, typename ReadFn>
Status ReadNamed(TableReader& root, const std::string& section, std::vector<T>* out, ReadFn read) {
  ECOMDW_ASSIGN_OR_RETURN(auto tables, root.Table(section));
  if (!tables) return Status::OK();
  for (const std::string& name : tables->Keys()) {
    ECOMDW_TRY(CheckIdentifier(*tables, name, name));
    ECOMDW_ASSIGN_OR_RETURN(auto sub, tables->Table(name, true));
    T item;
    ECOMDW_TRY(read(name, *sub, &item));
    out->push_back(std::move(item));
  }
  return tables->Finish();
}

}  // namespace

Result<const Target*> Config::FindTarget(const std::string& name) const {
  const std::string& wanted = name.empty() ? default_target : name;
  std::string known;
  for (const Target& t : targets) {
    if (t.name == wanted) return &t;
    known += known.empty() ? t.name : ", " + t.name;
  }
  return Status::InvalidArgument("{}: no target \"{}\" (known: {})", file.string(), wanted,
                                 known.empty() ? "none" : known);
}

std::string Config::ResolvedBucketUri() const {
  constexpr std::string_view kFile = "file://";
  if (bucket.uri.rfind(kFile, 0) != 0) return bucket.uri;
  return "file://" + Resolve(bucket.uri.substr(kFile.size())).string();
}

fs::path Config::Resolve(const std::string& relative) const {
  fs::path p(relative);
  return (p.is_absolute() ? p : project_dir / p).lexically_normal();
}

Result<Config> ParseConfig(const std::string& text, const fs::path& file) {
  ECOMDW_ASSIGN_OR_RETURN(auto doc, ParseToml(text, file.string()));
  Config config;
  config.file = fs::absolute(file);
  config.project_dir = config.file.parent_path();
  TableReader root = doc->Root();

  ECOMDW_ASSIGN_OR_RETURN(auto project, root.Table("project"));
  if (project) {
    ECOMDW_TRY(project->String("name", &config.project_name));
    ECOMDW_TRY(project->String("default_target", &config.default_target));
    ECOMDW_TRY(project->Finish());
    ECOMDW_TRY(CheckValue(*project, "name", CheckConnectionName(config.project_name)));
  }
  ECOMDW_ASSIGN_OR_RETURN(auto workgroup, root.Table("workgroup"));
  if (workgroup) ECOMDW_TRY(ReadWorkgroup(*workgroup, &config.workgroup));
  ECOMDW_ASSIGN_OR_RETURN(auto bucket, root.Table("bucket", /*required=*/true));
  ECOMDW_TRY(ReadBucket(*bucket, &config.bucket));
  ECOMDW_ASSIGN_OR_RETURN(auto build, root.Table("build"));
  if (build) ECOMDW_TRY(ReadBuild(*build, &config.build));
  ECOMDW_TRY(ReadNamed(root, "targets", &config.targets, ReadTarget));
  ECOMDW_TRY(ReadNamed(root, "sources", &config.sources, ReadSource));
  ECOMDW_TRY(ReadNamed(root, "roles", &config.roles, ReadRole));
  ECOMDW_ASSIGN_OR_RETURN(auto metrics, root.Table("metrics"));
  if (metrics) ECOMDW_TRY(ReadMetrics(*metrics, &config.metrics));
  ECOMDW_TRY(root.Finish());
  // A rule's EXISTS looks up another source's staged rows: it must be one.
  for (const Source& s : config.sources) {
    for (const ContractRule& r : s.rules) {
      for (const std::string& table : r.lookups) {
        bool known = std::any_of(config.sources.begin(), config.sources.end(),
                                 [&](const Source& o) { return o.name == table; });
        if (!known) {
          return Status::InvalidArgument("{}: staging.{} is not a source of this project", r.where, table);
        }
      }
    }
  }

  if (config.targets.empty()) {
    config.targets.push_back(Target{.name = "duckdb", .type = TargetType::kDuckDb, .path = "warehouse.duckdb"});
  }
  Result<const Target*> default_target = config.FindTarget("");
  if (!default_target.ok()) return default_target.status();
  return config;
}

Result<Config> LoadConfig(const fs::path& project_dir) {
  fs::path file = project_dir / "ecomdw.toml";  // as the user named it, for messages
  Result<std::string> text = objectstore::ReadWholeFile(file);
  if (!text.ok()) {
    if (text.status().IsNotFound()) {
      return Status::InvalidArgument("no ecomdw.toml in {} (create one with `ecomdw init {}`)",
                                     fs::absolute(project_dir).lexically_normal().string(), project_dir.string());
    }
    return text.status();
  }
  return ParseConfig(*text, file);
}

}  // namespace ecomdw::config
