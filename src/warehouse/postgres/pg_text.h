// PostgreSQL's text formats for ecomdw Values, both ways.
//
// Parameters and COPY rows travel in PostgreSQL's text format (the server
// parses them with the column's or the parameter's type input function);
// results come back in text format and are turned into Values by the column's
// type OID. The session sets TimeZone = UTC and DateStyle = ISO, YMD
// (postgres_warehouse.cc), which the formats below rely on.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "warehouse/value.h"

namespace ecomdw::warehouse::pg_internal {

// Built-in type OIDs (fixed by PostgreSQL's catalog, pg_type.dat).
inline constexpr unsigned kBoolOid = 16, kByteaOid = 17, kCharOid = 18, kNameOid = 19, kInt8Oid = 20,
                          kInt2Oid = 21, kInt4Oid = 23, kTextOid = 25, kOidOid = 26, kFloat4Oid = 700,
                          kFloat8Oid = 701, kDateOid = 1082, kTimestampOid = 1114, kTimestamptzOid = 1184,
                          kNumericOid = 1700;

// The parameter type OID a Value is sent with; 0 (let the server infer) for
// NULL. Strings go as text, timestamps as timestamp (UTC wall time; an
// assignment to timestamptz reads it in the session's UTC).
unsigned ParamTypeOid(const Value& v);

// Appends v's text form: what a parameter or a COPY field carries before COPY
// escaping. REQUIRES: !IsNull(v).
void AppendText(const Value& v, std::string* out);

// Pieces of AppendText, also used by the COPY fast path.
void AppendDate(int32_t days, std::string* out);          // 2024-02-29, 0044-03-15 BC
void AppendTimestamp(int64_t micros, std::string* out);   // 2024-02-29 12:34:56.123456
void AppendDecimal(int64_t unscaled, int scale, std::string* out);
void AppendDouble(double d, std::string* out);            // shortest round trip; NaN, Infinity
void AppendBytea(std::string_view bytes, std::string* out);  // \x0aff

// Parses one result field of type `oid` (typmod `fmod`, from PQfmod) into
// *out. `column` names it in errors. Types without a Value kind of their own
// (time, interval, uuid, json, arrays …) come back as their text.
Status ParseField(unsigned oid, int fmod, std::string_view text, const char* column, Value* out);

}  // namespace ecomdw::warehouse::pg_internal
