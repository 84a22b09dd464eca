// Schema migrations (software updates): every warehouse records the schema
// version of the ecomdw tables it holds (ops.*, the loader's tables) in
// ops.schema_version, one row per migration applied. A newer ecomdw upgrades
// an older warehouse when it opens it for writing, migration by migration
// in version order, each in its own transaction together with its version
// row (a crash leaves the warehouse at the last whole version, and the next
// writer goes on from there). A warehouse newer than this ecomdw is refused
// by writers and readers alike, with both versions named: its tables may
// mean something this binary does not know.
//
// Migrations are written in the portable SQL subset plus EngineAdapter
// calls, so they run on every engine. Add one at the end of the list in
// schema_migrations.cc, never edit or reorder an applied one, and raise
// kCurrentSchemaVersion with it.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "warehouse/engine_adapter.h"

namespace ecomdw::migrations {

inline constexpr int kCurrentSchemaVersion = 2;

struct AppliedMigration {
  int version = 0;
  std::string description;
};

struct MigrationReport {
  int from = 0;  // 0: a warehouse from before versioning, or a new one
  int to = 0;
  std::vector<AppliedMigration> applied;
};

// The warehouse's schema version: the highest in ops.schema_version, 0 when
// there is no such table.
Result<int> SchemaVersion(warehouse::EngineAdapter& db);

// InvalidArgument when `db` is newer than this ecomdw; `where` names the
// warehouse (its file) in the message.
Status RefuseNewer(warehouse::EngineAdapter& db, const std::string& where);

// The same for a schema version known without opening the warehouse (a
// snapshot's manifest records it).
Status RefuseNewerVersion(int version, const std::string& where);

// Brings `db` to kCurrentSchemaVersion (see above). REQUIRES: no open
// transaction; the caller holds the build lock (the only writer).
Result<MigrationReport> Migrate(warehouse::EngineAdapter& db, const std::string& where);

// Every migration this ecomdw knows, in order (for docs and `status`).
std::vector<AppliedMigration> KnownMigrations();

}  // namespace ecomdw::migrations
