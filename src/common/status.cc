#include "common/status.h"

namespace ecomdw {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kInvalidArgument: return "InvalidArgument";
    case StatusCode::kNotFound: return "NotFound";
    case StatusCode::kIOError: return "IOError";
    case StatusCode::kUnavailable: return "Unavailable";
    case StatusCode::kCorruption: return "Corruption";
    case StatusCode::kDataError: return "DataError";
    case StatusCode::kCheckFailed: return "CheckFailed";
    case StatusCode::kConflict: return "Conflict";
    case StatusCode::kInternal: return "Internal";
  }
  return "Unknown";
}

Status::Status(StatusCode code, std::string message) {
  if (code != StatusCode::kOk) state_ = std::make_unique<State>(State{code, std::move(message)});
}

const std::string& Status::message() const {
  static const std::string kEmpty;  // immutable, so safe to share
  return state_ ? state_->message : kEmpty;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return fmt::format("{}: {}", StatusCodeName(code()), state_->message);
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return Status();
  return Status(code(), fmt::format("{}: {}", context, state_->message));
}

}  // namespace ecomdw
