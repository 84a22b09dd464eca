// Parquet objects of one batch and source, read by DuckDB's read_parquet
// with explicit columns, every object of the batch in one statement per
// step: no per-object statement unless an object turns out unreadable.
//
// Layouts come from parquet_schema() (the file's own columns: hive parts of
// the path such as source= and dt= are not columns and never drift), typing
// is TRY_CAST with the same rules as the text path (a DECIMAL value with
// more decimals than the contract's scale is bad_type, never rounded), and
// rules, duplicates and the insert are slice_sql.h's. An object that is not
// Parquet (no PAR1 magic, or DuckDB cannot read it) is quarantined whole
// as unreadable_object.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "staging/contract.h"
#include "staging/drift.h"
#include "staging/landed_object.h"
#include "staging/loader.h"
#include "warehouse/warehouse.h"

namespace ecomdw::staging {

// `objects[i]` is temp.stg_objects' _obj i. Writes staging.<source> and
// quarantine.<source>, adds to *stats (raw, staged, quarantined by reason,
// duplicates, conflicts, unreadable) and *changes. `contract` gains the
// columns evolved here.
Status LoadParquetObjects(warehouse::Warehouse& wh, const std::string& batch_id, EffectiveContract* contract,
                          const std::vector<const LandedObject*>& objects, ChangeLog* changes,
                          SourceLoadStats* stats);

}  // namespace ecomdw::staging
