// Escaping for the two places data meets the page: HTML text/attributes, and
// a JSON document inside a <script> element.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace ecomdw::report {

// & < > " ' as character references; safe in text and quoted attributes.
std::string EscapeHtml(std::string_view text);

// The JSON text with every < > & and U+2028/U+2029 written as \uXXXX
// escapes (still the same JSON value), so no data can close the <script>
// element, open a comment or be read as markup. Invalid UTF-8 becomes U+FFFD.
std::string ScriptSafeJson(const nlohmann::ordered_json& j);

}  // namespace ecomdw::report
