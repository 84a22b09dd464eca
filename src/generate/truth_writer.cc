#include "generate/truth_writer.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "generate/calendar.h"
#include "generate/gzip.h"
#include "generate/money.h"
#include "generate/text_format.h"

namespace ecomdw::generate {
namespace fs = std::filesystem;

Status WriteFileAtomic(const fs::path& path, std::string_view bytes) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return Status::IOError("truth: cannot create {}: {}", path.parent_path().string(), ec.message());
  fs::path tmp = path;
  tmp += fmt::format(".tmp.{}", ::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return Status::IOError("truth: cannot write {}", tmp.string());
  }
  fs::rename(tmp, path, ec);
  if (ec) return Status::IOError("truth: cannot rename to {}: {}", path.string(), ec.message());
  return Status::OK();
}

Result<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read {}", path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

namespace {

struct Money {
  int64_t gross = 0, discount = 0, tax = 0, shipping = 0;
  int64_t net() const { return gross - discount + shipping; }
  void Add(const Money& o) {
    gross += o.gross;
    discount += o.discount;
    tax += o.tax;
    shipping += o.shipping;
  }
};

struct RevenueCell {
  int64_t orders = 0, lines = 0;
  Money usd;
};

// The latest version that is valid and has landed by `last_idx`, or -1.
int LatestValid(const OrderPlan& o, int32_t last_idx) {
  int best = -1;
  for (size_t i = 0; i < o.versions.size(); ++i) {
    const OrderVersion& v = o.versions[i];
    if (v.defect != DefectClass::kNone || v.landing_idx > last_idx) continue;
    if (best < 0 || v.updated_at > o.versions[static_cast<size_t>(best)].updated_at) best = static_cast<int>(i);
  }
  return best;
}

}  // namespace

Status TruthWriter::WriteOrderDay(int32_t d, int32_t last_idx,
                                  const std::vector<std::shared_ptr<const OrderPlan>>& plans) {
  std::string orders =
      "order_id,source,channel,customer_id,order_ts,updated_at,status,currency,n_lines,campaign_id,"
      "attributed_by,counts_in_revenue,gross_usd,discount_usd,tax_usd,shipping_usd,net_revenue_usd\n";
  std::string lines =
      "order_id,line_number,sku,quantity,unit_price_cents,gross_cents,discount_cents,tax_cents,"
      "shipping_alloc_cents,usd_per_unit,gross_usd,discount_usd,tax_usd,shipping_usd,net_revenue_usd\n";
  std::map<std::string_view, RevenueCell> revenue;
  for (const auto& plan : plans) {
    const OrderPlan& o = *plan;
    int vi = LatestValid(o, last_idx);
    if (vi < 0) continue;
    ++valid_orders_;
    const OrderVersion& v = o.versions[static_cast<size_t>(vi)];
    std::string id = o.OrderId();
    std::vector<int64_t> bases;
    for (const OrderLine& l : o.lines) bases.push_back(l.unit_price * l.quantity - l.discount);
    std::vector<int64_t> alloc = AllocateShipping(o.shipping, bases);
    Money total;
    for (size_t i = 0; i < o.lines.size(); ++i) {
      const OrderLine& l = o.lines[i];
      int64_t gross = l.unit_price * l.quantity;
      Money usd{ToUsdCents(gross, o.rate_micro), ToUsdCents(l.discount, o.rate_micro),
                ToUsdCents(l.tax, o.rate_micro), ToUsdCents(alloc[i], o.rate_micro)};
      total.Add(usd);
      fmt::format_to(std::back_inserter(lines), "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", id, i + 1,
                     products_->Sku(l.product), l.quantity, l.unit_price, gross, l.discount, l.tax, alloc[i],
                     FormatMicros(o.rate_micro), FormatCents(usd.gross), FormatCents(usd.discount),
                     FormatCents(usd.tax), FormatCents(usd.shipping), FormatCents(usd.net()));
    }
    bool counts = CountsInRevenue(v.status);
    std::string_view by = o.coupon ? "coupon" : (o.utm ? "utm" : "");
    fmt::format_to(std::back_inserter(orders), "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", id,
                   o.Source(), ChannelName(o.channel), customers_->CustomerId(o.customer), FormatTsIso(o.order_ts),
                   FormatTsIso(v.updated_at), StatusName(v.status), kCurrencies[o.currency].code, o.lines.size(),
                   o.campaign_id, by, counts ? "true" : "false", FormatCents(total.gross),
                   FormatCents(total.discount), FormatCents(total.tax), FormatCents(total.shipping),
                   FormatCents(total.net()));
    if (counts) {
      RevenueCell& cell = revenue[ChannelName(o.channel)];
      ++cell.orders;
      cell.lines += static_cast<int64_t>(o.lines.size());
      cell.usd.Add(total);
    }
  }
  std::string date = FormatDate(options_.start_day + d);
  std::string rev = "date,channel,orders,lines,gross_usd,discount_usd,shipping_usd,tax_usd,net_revenue_usd\n";
  for (const auto& [channel, c] : revenue) {
    fmt::format_to(std::back_inserter(rev), "{},{},{},{},{},{},{},{},{}\n", date, channel, c.orders, c.lines,
                   FormatCents(c.usd.gross), FormatCents(c.usd.discount), FormatCents(c.usd.shipping),
                   FormatCents(c.usd.tax), FormatCents(c.usd.net()));
  }
  std::string part = "dt=" + date;
  ECOMDW_ASSIGN_OR_RETURN(std::string orders_gz, GzipCompress(orders, 1));
  ECOMDW_ASSIGN_OR_RETURN(std::string lines_gz, GzipCompress(lines, 1));
  ECOMDW_TRY(WriteFileAtomic(dir_ / "orders" / (part + ".csv.gz"), orders_gz));
  ECOMDW_TRY(WriteFileAtomic(dir_ / "order_lines" / (part + ".csv.gz"), lines_gz));
  return WriteFileAtomic(dir_ / "revenue" / (part + ".csv"), rev);
}

Status TruthWriter::WriteDefects(int32_t d, const DefectLog& log) {
  return WriteFileAtomic(dir_ / "defects" / ("dt=" + FormatDate(options_.start_day + d) + ".csv"), log.ToCsv());
}

Status TruthWriter::Finish() {
  // Per-day files are the source of truth for the combined ones, so an
  // appended day and the days before it combine the same way.
  auto day_files = [](const fs::path& folder) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(folder, ec)) {
      if (e.path().extension() == ".csv") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    return files;
  };
  std::string revenue = "date,channel,orders,lines,gross_usd,discount_usd,shipping_usd,tax_usd,net_revenue_usd\n";
  for (const fs::path& f : day_files(dir_ / "revenue")) {
    ECOMDW_ASSIGN_OR_RETURN(std::string text, ReadFile(f));
    size_t nl = text.find('\n');
    if (nl != std::string::npos) revenue.append(text, nl + 1);
  }
  ECOMDW_TRY(WriteFileAtomic(dir_ / "revenue_daily.csv", revenue));

  std::map<std::pair<std::string, std::string>, int64_t> counts;
  std::vector<std::string> fields;
  for (const fs::path& f : day_files(dir_ / "defects")) {
    ECOMDW_ASSIGN_OR_RETURN(std::string text, ReadFile(f));
    std::istringstream in(text);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      SplitCsvLine(line, &fields);
      if (fields.size() >= 2) ++counts[{fields[0], fields[1]}];
    }
  }
  std::string defect_counts = "defect_class,source,count\n";
  for (const auto& [k, n] : counts) fmt::format_to(std::back_inserter(defect_counts), "{},{},{}\n", k.first, k.second, n);
  ECOMDW_TRY(WriteFileAtomic(dir_ / "defect_counts.csv", defect_counts));
  ECOMDW_TRY(WriteFileAtomic(dir_ / "customers_scd2.csv", CustomersScd2Csv(*customers_)));
  return WriteFileAtomic(dir_ / "products_scd2.csv", ProductsScd2Csv(*products_));
}

}  // namespace ecomdw::generate
