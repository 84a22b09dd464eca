#include "generate/generator.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>

#include "generate/calendar.h"
#include "generate/campaigns.h"
#include "generate/customers.h"
#include "generate/dimension_writers.h"
#include "generate/fx.h"
#include "generate/gzip.h"
#include "generate/manifest.h"
#include "generate/object_sink.h"
#include "generate/order_writers.h"
#include "generate/orders.h"
#include "generate/parquet_writer.h"
#include "generate/products.h"
#include "generate/truth_writer.h"
#include "objectstore/object_store.h"

namespace ecomdw::generate {
namespace fs = std::filesystem;

namespace {

constexpr int kGzipLevel = 1;

// Thin front of the ObjectSink so call sites read as Put / PutGzip.
class DayWriter {
 public:
  explicit DayWriter(ObjectSink* sink) : sink_(sink) {}
  Status Put(const std::string& key, std::string bytes) { return sink_->Submit(key, std::move(bytes), false); }
  Status PutGzip(const std::string& key, std::string text) { return sink_->Submit(key, std::move(text), true); }

 private:
  ObjectSink* sink_;
};

std::string Partition(std::string_view prefix, int32_t day) {
  return fmt::format("{}/dt={}/", prefix, FormatDate(day));
}

// Extra empty and zero-byte objects of one source on one day.
Status WriteEmptyObjects(const GenerateOptions& o, int32_t d, DayWriter* w, DefectLog* log) {
  DefectRates rates = RatesFor(o.defects);
  Rng rng(o.seed, Stream::kObjects, d);
  int32_t day = o.start_day + d;
  struct Source {
    const char* name;
    std::string empty_key, zero_key, empty_text;
    bool gzip;
  };
  Source sources[] = {
      {"webshop", Partition("orders/source=webshop", day) + "part-0001.jsonl.gz",
       Partition("orders/source=webshop", day) + "part-0002.jsonl.gz", "", true},
      {"marketplace", Partition("orders/source=marketplace", day) + "part-0001.csv.gz",
       Partition("orders/source=marketplace", day) + "part-0002.csv.gz", MarketplaceHeader(o, d), true},
      {"crm", Partition("customers/source=crm", day) + "customers_extra.csv",
       Partition("customers/source=crm", day) + "customers_empty.csv", kCrmHeader, false},
  };
  for (const Source& s : sources) {
    if (rng.Chance(rates.empty_object)) {
      ECOMDW_TRY(s.gzip ? w->PutGzip(s.empty_key, s.empty_text) : w->Put(s.empty_key, s.empty_text));
      log->Add(DefectClass::kEmptyObject, s.name, s.empty_key, 0, "", s.empty_text.empty() ? "no records" : "header only");
    }
    if (rng.Chance(rates.zero_byte_object)) {
      ECOMDW_TRY(w->Put(s.zero_key, ""));
      log->Add(DefectClass::kZeroByteObject, s.name, s.zero_key, 0, "", "0 bytes");
    }
  }
  return Status::OK();
}

Status CheckWindow(const OrderPlan& o) {
  for (const OrderVersion& v : o.versions) {
    int32_t reach = std::max(v.landing_idx, v.resent_idx);
    if (reach - o.order_idx >= kOrderWindowDays) {
      return Status::Internal("generate: order {} lands {} days after its date (window {})", o.OrderId(),
                              reach - o.order_idx, kOrderWindowDays);
    }
  }
  return Status::OK();
}

}  // namespace

Result<std::string> DefaultTruthDir(const std::string& bucket_uri) {
  constexpr std::string_view kFile = "file://";
  if (bucket_uri.rfind(kFile, 0) != 0) {
    return Status::InvalidArgument("--truth is required for {}: the truth never goes into the bucket", bucket_uri);
  }
  std::string dir = bucket_uri.substr(kFile.size());
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  if (dir.empty()) return Status::InvalidArgument("bucket URI {} names no folder", bucket_uri);
  return dir + ".truth";
}

Result<GenerateOptions> AppendDayOptions(const std::string& bucket_uri, const std::string& truth_dir) {
  ECOMDW_ASSIGN_OR_RETURN(GenerateOptions o, ReadManifest(truth_dir));
  o.bucket_uri = bucket_uri;
  o.truth_dir = truth_dir;
  o.first_output_day = o.days;
  o.days += 1;
  return o;
}

Result<GenerateSummary> Generate(const GenerateOptions& o) {
  if (!(o.scale > 0)) return Status::InvalidArgument("--scale must be > 0");
  if (o.days < 1) return Status::InvalidArgument("--days must be >= 1");
  if (o.first_output_day < 0 || o.first_output_day >= o.days) {
    return Status::InvalidArgument("nothing to generate: first day {} of {}", o.first_output_day, o.days);
  }
  ECOMDW_ASSIGN_OR_RETURN(auto store, objectstore::OpenObjectStore(o.bucket_uri));
  fs::path truth_dir(o.truth_dir);
  fs::path scratch = fs::temp_directory_path() / fmt::format("ecomdw-generate-{}", ::getpid());
  ECOMDW_ASSIGN_OR_RETURN(auto parquet, ParquetProductWriter::Open(scratch));

  ScaleCounts counts(o.scale);
  CustomerModel customers(o, counts);
  ProductModel products(o, counts);
  FxModel fx(o.seed);
  TruthWriter truth(truth_dir, o, &customers, &products);
  GenerateSummary summary;
  summary.truth_dir = o.truth_dir;
  summary.first_day = FormatDate(o.start_day + o.first_output_day);
  summary.last_day = FormatDate(o.start_day + o.days - 1);
  ObjectSink sink(store.get(), kGzipLevel);
  DayWriter writer(&sink);

  const int32_t last_idx = o.days - 1;
  const int32_t order_start = std::max(0, o.first_output_day - kOrderWindowDays);
  std::map<int32_t, std::vector<Emission>> pending;  // landing day -> emissions
  std::vector<CrmRow> crm_rows;
  std::vector<PimRow> pim_rows;
  for (int32_t d = 0; d <= last_idx; ++d) {
    customers.AdvanceDay(d, &crm_rows);
    bool pim_full = false;
    products.AdvanceDay(d, &pim_rows, &pim_full);
    fx.AdvanceDay(d);
    if (d >= order_start) {
      auto plans = PlanOrders(o, counts, d, customers, products, fx);
      summary.orders_planned += static_cast<int64_t>(plans.size());
      for (const auto& p : plans) {
        ECOMDW_TRY(CheckWindow(*p));
        for (uint16_t v = 0; v < p->versions.size(); ++v) {
          pending[p->versions[v].landing_idx].push_back(Emission{p, v, false});
          if (p->versions[v].resent_idx >= 0) pending[p->versions[v].resent_idx].push_back(Emission{p, v, true});
        }
      }
      ECOMDW_TRY(truth.WriteOrderDay(d, last_idx, plans));
    }
    std::vector<Emission> today;
    if (auto it = pending.find(d); it != pending.end()) {
      today = std::move(it->second);
      pending.erase(it);
    }
    if (d < o.first_output_day) continue;

    int32_t day = o.start_day + d;
    DefectLog log;
    PartitionContext ctx{&o, d, &customers, &products, &log};
    std::vector<Emission> web, market;
    for (Emission& e : today) (IsMarketplace(e.plan->channel) ? market : web).push_back(std::move(e));
    std::string key = Partition("orders/source=webshop", day) + "part-0000.jsonl.gz";
    ECOMDW_TRY(writer.PutGzip(key, WebshopPartitionText(ctx, std::move(web), key)));
    key = Partition("orders/source=marketplace", day) + "part-0000.csv.gz";
    ECOMDW_TRY(writer.PutGzip(key, MarketplacePartitionText(ctx, std::move(market), key)));
    key = Partition("customers/source=crm", day) + (d == 0 ? "customers_full.csv" : "customers_delta.csv");
    ECOMDW_TRY(writer.Put(key, CrmText(o, d, customers, crm_rows, key, &log)));
    if (!pim_rows.empty()) {
      key = Partition("products/source=pim", day) + (pim_full ? "products_full.parquet" : "products_delta.parquet");
      ECOMDW_ASSIGN_OR_RETURN(std::string bytes, parquet->Write(o, d, products, pim_rows, key, &log));
      ECOMDW_TRY(writer.Put(key, std::move(bytes)));
    }
    std::vector<Campaign> published = CampaignsPublishedOn(o.seed, o.start_day, d);
    if (!published.empty()) {
      ECOMDW_TRY(writer.Put(Partition("campaigns/source=ads", day) + "campaigns.json",
                            CampaignsJson(o.start_day, published)));
    }
    ECOMDW_TRY(writer.Put(Partition("campaign_spend/source=ads", day) + "spend.csv",
                          SpendCsv(day, SpendOn(o.seed, o.start_day, d))));
    ECOMDW_TRY(writer.Put(Partition("fx_rates/source=ecb", day) + "rates.csv", FxCsv(day, d, fx)));
    ECOMDW_TRY(WriteEmptyObjects(o, d, &writer, &log));
    ECOMDW_TRY(truth.WriteDefects(d, log));
    summary.defects += static_cast<int64_t>(log.entries().size());
    ++summary.days_written;
    if (d % 30 == 0) spdlog::debug("generate: {} written", FormatDate(day));
  }
  ECOMDW_TRY(sink.Finish());
  summary.objects = sink.objects();
  summary.bytes = sink.bytes();
  ECOMDW_TRY(truth.Finish());
  ECOMDW_TRY(WriteFileAtomic(truth_dir / "manifest.json", ManifestJson(o)));
  summary.valid_orders = truth.valid_orders();
  return summary;
}

}  // namespace ecomdw::generate
