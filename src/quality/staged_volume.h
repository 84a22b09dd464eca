// ops.staged_volume: what every landed object yielded when it was staged,
// so checks can see a silent source: one row per object of every staged
// batch with its source, partition day, size, staged and quarantined record
// counts. The project's checks/ops/staged_volume.toml judges it: per source
// and day (volume_anomaly with by = ["source"]), and per object (an object
// that yields no valid record is an error, whatever its size).
//
// Owned here; written by the build right after staging, for the batches not
// in it yet (so it is complete after any build, including for warehouses
// staged before it existed), in one transaction.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "warehouse/warehouse.h"

namespace ecomdw::quality {

// Adds the objects of every staged batch (in ops.reconciliation) not yet in
// ops.staged_volume. `sources` are the project's source names: their
// staging.<source> and quarantine.<source> tables are counted by
// (_batch_id, _object_key). REQUIRES: the loader's ops tables and the
// ingest ledger exist.
Status RecordStagedVolume(warehouse::Warehouse& wh, const std::vector<std::string>& sources);

}  // namespace ecomdw::quality
