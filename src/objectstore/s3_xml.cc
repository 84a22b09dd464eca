#include "objectstore/s3_xml.h"

#include <pugixml.hpp>

#include <charconv>
#include <cstdio>
#include <ctime>

#include "objectstore/s3_settings.h"

namespace ecomdw::objectstore {
namespace {

std::string StripQuotes(std::string s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
  // Some servers send &quot; already decoded; others none at all.
  return s;
}

bool ParseInt64(std::string_view s, int64_t* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

int64_t ParseIso8601(std::string_view text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  std::string t(text.substr(0, 19));
  if (std::sscanf(t.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6) return 0;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return static_cast<int64_t>(timegm(&tm));
}

Result<ListPage> ParseListObjectsV2(std::string_view xml) {
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size());
  if (!parsed) {
    return Status::Unavailable("ListObjectsV2 response is not well-formed XML ({} at byte {} of {})",
                               parsed.description(), parsed.offset, xml.size());
  }
  pugi::xml_node root = doc.child("ListBucketResult");
  if (!root) {
    return Status::Corruption("ListObjectsV2 response has no <ListBucketResult> (root <{}>)",
                              doc.first_child().name());
  }
  bool url_encoded = std::string_view(root.child_value("EncodingType")) == "url";
  ListPage page;
  page.is_truncated = std::string_view(root.child_value("IsTruncated")) == "true";
  page.next_continuation_token = root.child_value("NextContinuationToken");
  if (page.is_truncated && page.next_continuation_token.empty()) {
    return Status::Corruption("ListObjectsV2 response is truncated but has no NextContinuationToken");
  }
  for (pugi::xml_node c : root.children("Contents")) {
    ObjectInfo info;
    std::string key = c.child_value("Key");
    if (url_encoded) {
      ECOMDW_ASSIGN_OR_RETURN(info.key, PercentDecode(key));
    } else {
      info.key = std::move(key);
    }
    if (!ParseInt64(c.child_value("Size"), &info.size) || info.size < 0) {
      return Status::Corruption("ListObjectsV2: object \"{}\" has no valid <Size>", info.key.substr(0, 200));
    }
    info.etag = StripQuotes(c.child_value("ETag"));
    info.last_modified_unix = ParseIso8601(c.child_value("LastModified"));
    page.objects.push_back(std::move(info));
  }
  return page;
}

S3ErrorBody ParseS3Error(std::string_view xml) {
  S3ErrorBody out;
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size())) return out;
  pugi::xml_node err = doc.child("Error");
  out.code = err.child_value("Code");
  out.message = err.child_value("Message");
  return out;
}

}  // namespace ecomdw::objectstore
