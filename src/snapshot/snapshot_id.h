// Snapshot ids: snap-<UTC time to the second>-<4 hex digits>, e.g.
// snap-20261203T061500Z-ab12. Ids sort by the time they were made (two made
// within the same second sort by their random suffix); the suffix keeps two
// snapshots of one second apart. An id is also a folder name, so nothing
// else is accepted where the user names one.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace ecomdw::snapshot {

// The id for a snapshot made at `when`, with `suffix`'s low 16 bits as hex.
std::string MakeSnapshotId(std::chrono::system_clock::time_point when, uint32_t suffix);

// `when` as ISO 8601 UTC to the second, e.g. 2026-12-03T06:15:00Z.
std::string UtcText(std::chrono::system_clock::time_point when);

// Exactly the shape MakeSnapshotId makes.
bool IsSnapshotId(std::string_view text);

}  // namespace ecomdw::snapshot
