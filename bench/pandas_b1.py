#!/usr/bin/python3
"""B1 in pandas (issue 11, DESIGN "Benchmarks"): the same build as ecomdw, the way a careful pandas
user would write it, with Debian's python3-pandas 1.5.3 (run with /usr/bin/python3).

usage: /usr/bin/python3 bench/pandas_b1.py RAW_DIR OUT_DIR

Loads the whole raw zone (docs/raw_zone.md), cleans it like the contracts of project/ecomdw.toml
(exact duplicates dropped; a record with a required field missing or empty, an invalid e-mail, an
unknown country or a currency without an FX rate for the order date dropped, webshop orders as
whole records; malformed lines dropped), and builds dim_customer and dim_product (SCD2, rule of
docs/raw_zone.md 4.3), fact_orders (latest valid version of each order, one row per line, money in
integer cents by docs/raw_zone.md 5, customer and product versions by as-of lookup, campaign
attribution coupon-then-UTM) and daily_sales_by_channel. Writes them as pickles to OUT_DIR (its
"warehouse") and prints seconds per phase; bench/pandas_check.py compares them with the truth.

Parquet: Debian 12 packages no Parquet engine for pandas (no python3-pyarrow or
python3-fastparquet; `apt-cache search parquet` finds none), so the PIM objects are converted to
one CSV by DuckDB (bench/sqlrun.c) inside this run; that step is timed and printed apart.
CSV: the objects of this raw zone never quote (docs/raw_zone.md); an object that holds a quote
character is parsed with the csv module instead of the fast path.
"""
import csv
import gzip
import io
import json
import os
import pathlib
import re
import subprocess
import sys
import time

import numpy as np
import pandas as pd

EMAIL = re.compile(r"[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}")
COUNTRIES = {
    "united states": "US", "canada": "CA", "united kingdom": "GB", "germany": "DE", "france": "FR",
    "netherlands": "NL", "spain": "ES", "italy": "IT", "switzerland": "CH", "sweden": "SE",
    "norway": "NO", "denmark": "DK", "poland": "PL", "australia": "AU",
}
MP_STATUS = {"PENDING": "placed", "SHIPPED": "shipped", "DELIVERED": "delivered", "CANCELED": "cancelled",
             "CANCELLED": "cancelled", "RETURNED": "returned"}
TIMES = []


def phase(name, t0):
    t = time.monotonic()
    TIMES.append((name, t - t0))
    print(f"{t - t0:8.3f} s  {name}", flush=True)
    return t


def objects(raw, prefix):
    out = []
    for dirpath, _, names in os.walk(os.path.join(raw, prefix)):
        for n in names:
            p = os.path.join(dirpath, n)
            if os.path.getsize(p) > 0:
                out.append(p)
    return sorted(out)


def read_bytes(path):
    with open(path, "rb") as f:
        data = f.read()
    return gzip.decompress(data) if path.endswith(".gz") else data


def load_csv(files, columns):
    """All objects of a CSV source as one frame of strings ('' = empty), columns by position.
    A row with fewer fields than the header (a truncated record) is dropped; the header of each
    object is skipped."""
    n = len(columns) - 1
    keep = []
    for f in files:
        text = read_bytes(f).decode("utf-8-sig")
        lines = text.split("\n")[1:]
        if '"' in text:  # quoted fields: the csv module knows RFC 4180
            rows = [r for r in csv.reader(io.StringIO("\n".join(lines))) if len(r) == n + 1]
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerows(rows)
            keep.append(buf.getvalue().rstrip("\n"))
        else:
            good = [ln.rstrip("\r") for ln in lines if ln.count(",") == n]
            if good:
                keep.append("\n".join(good))
    body = "\n".join(k for k in keep if k)
    if not body:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
    return pd.read_csv(io.StringIO(body), header=None, names=columns, dtype=str, keep_default_na=False,
                       na_filter=False)


def cents(s):
    """Decimal strings with 2 decimals -> int64 cents (NaN for '' or garbage -> -1 marks invalid)."""
    v = pd.to_numeric(s, errors="coerce")
    return np.rint(v * 100).fillna(-1).astype(np.int64), v.isna()


def ts(s, fmt):
    return pd.to_datetime(s, format=fmt, errors="coerce")


def nonempty(df, cols):
    ok = pd.Series(True, index=df.index)
    for c in cols:
        col = df[c]
        ok &= col.notna() & (col.astype(str).str.len() > 0) if col.dtype == object else col.notna()
    return ok


def valid_email(s):
    norm = s.str.strip().str.lower()
    uniq = pd.Series(norm.unique())
    good = set(uniq[uniq.map(lambda e: EMAIL.fullmatch(e) is not None)])
    return norm, norm.isin(good)


# ---------------------------------------------------------------------------------------------
def load_fx(raw):
    df = load_csv(objects(raw, "fx_rates/source=ecb/"), ["date", "currency", "usd_per_unit"])
    df = df.drop_duplicates()
    df = df[nonempty(df, ["date", "currency", "usd_per_unit"])].copy()
    df["date"] = ts(df["date"], "%Y-%m-%d")
    df["currency"] = df["currency"].str.strip().str.upper()
    df["rate"] = np.rint(pd.to_numeric(df["usd_per_unit"], errors="coerce") * 1_000_000)
    df = df.dropna(subset=["date", "rate"])
    df["rate"] = df["rate"].astype(np.int64)
    return df.drop_duplicates(["date", "currency"], keep="last")[["date", "currency", "rate"]]


def load_customers(raw):
    cols = ["customer_id", "email", "first_name", "last_name", "phone", "street", "city", "postal_code",
            "country", "segment", "signup_date", "marketing_opt_in", "updated_at"]
    df = load_csv(objects(raw, "customers/source=crm/"), cols).drop_duplicates()
    df = df[nonempty(df, ["customer_id", "email", "country", "segment", "signup_date", "updated_at"])].copy()
    df["email"], ok = valid_email(df["email"])
    df["country_code"] = df["country"].str.strip().str.lower().map(COUNTRIES)
    df["updated_at"] = ts(df["updated_at"], "%Y-%m-%dT%H:%M:%SZ")
    df = df[ok & df["country_code"].notna() & df["updated_at"].notna()].copy()
    df["segment"] = df["segment"].str.strip().str.lower()
    for c in ("street", "city", "postal_code", "first_name", "last_name"):
        df[c] = df[c].str.strip()
    return df.drop_duplicates(["customer_id", "updated_at"], keep="first")


def load_products(raw, work):
    files = objects(raw, "products/source=pim/")
    out = pathlib.Path(work) / "pim.csv"
    sql = pathlib.Path(work) / "pim.sql"
    lst = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
    sql.write_text(f"COPY (SELECT sku, product_name, brand, category, subcategory, list_price_usd, unit_cost_usd, "
                   f"launched_on, updated_at FROM read_parquet([{lst}], hive_partitioning = false)) "
                   f"TO '{out}' (HEADER, DELIMITER ',');\n")
    here = pathlib.Path(__file__).resolve().parent
    sqlrun = subprocess.run([str(here / "sqlrun_path.sh")], check=True, capture_output=True, text=True).stdout.strip()
    db = pathlib.Path(work) / "pim.duckdb"
    if db.exists():
        db.unlink()
    subprocess.run([sqlrun, str(db), str(sql)], check=True, stdout=subprocess.DEVNULL)
    db.unlink()
    df = pd.read_csv(out, dtype=str, keep_default_na=False, na_filter=False).drop_duplicates()
    df = df[nonempty(df, ["sku", "product_name", "brand", "category", "list_price_usd", "unit_cost_usd",
                          "launched_on", "updated_at"])].copy()
    df["updated_at"] = ts(df["updated_at"], "%Y-%m-%d %H:%M:%S")
    df["list_price_cents"], _ = cents(df["list_price_usd"])
    df["unit_cost_cents"], _ = cents(df["unit_cost_usd"])
    for c in ("product_name", "brand", "category", "subcategory"):
        df[c] = df[c].str.strip()
    return df.drop_duplicates(["sku", "updated_at"], keep="first")


def load_campaigns(raw):
    recs = []
    for f in objects(raw, "campaigns/source=ads/"):
        try:
            doc = json.loads(read_bytes(f))
        except ValueError:
            continue
        recs.extend(r for r in doc if isinstance(r, dict))
    df = pd.DataFrame.from_records(recs, columns=["campaign_id", "coupon_code", "utm_code", "updated_at"])
    df = df[nonempty(df, ["campaign_id", "utm_code", "updated_at"])].copy()
    df["updated_at"] = ts(df["updated_at"], "%Y-%m-%dT%H:%M:%SZ")
    df = df.sort_values(["campaign_id", "updated_at"]).drop_duplicates("campaign_id", keep="last")
    df["coupon_norm"] = df["coupon_code"].where(df["coupon_code"].notna(), None).str.strip().str.lower()
    df["utm_code"] = df["utm_code"].str.strip()
    return df


WEB_TOP = ["order_id", "channel", "customer_id", "order_ts", "updated_at", "status", "currency", "shipping",
           "shipping_country", "utm_code", "coupon_code"]
WEB_LINE = ["line_number", "sku", "quantity", "unit_price", "discount", "tax"]


def load_webshop(raw):
    """Order records (one row each) and their lines (rec = the record's row)."""
    top = {c: [] for c in WEB_TOP}
    lines = {c: [] for c in ["rec"] + WEB_LINE}
    n = 0
    for f in objects(raw, "orders/source=webshop/"):
        for line in read_bytes(f).split(b"\n"):
            if not line:
                continue
            try:
                r = json.loads(line)
            except ValueError:  # malformed (truncated) record
                continue
            ls = r.get("lines") if isinstance(r, dict) else None
            if not isinstance(ls, list) or not ls:
                continue
            for c in WEB_TOP:
                top[c].append(r.get(c))
            for ln in ls:
                lines["rec"].append(n)
                for c in WEB_LINE:
                    lines[c].append(ln.get(c) if isinstance(ln, dict) else None)
            n += 1
    return pd.DataFrame(top), pd.DataFrame(lines)


MP_COLS = ["mp_order_id", "marketplace", "order_date", "last_update", "order_status", "buyer_email", "item_no",
           "sku", "qty", "item_price", "item_discount", "item_tax", "shipping_fee", "currency", "promo_code"]


def rates_of(df, fx, date_col):
    m = df[[date_col, "currency"]].merge(fx, how="left", left_on=[date_col, "currency"],
                                         right_on=["date", "currency"])
    return m["rate"].to_numpy()


def orders_webshop(raw, fx):
    o, l = load_webshop(raw)
    o["rec"] = np.arange(len(o))
    # Whole records: every required field present and non-empty, every line complete.
    l["qty"] = pd.to_numeric(l["quantity"], errors="coerce")
    l["unit_cents"], bad_u = cents(l["unit_price"])
    l["discount_cents"], bad_d = cents(l["discount"])
    l["tax_cents"], bad_t = cents(l["tax"])
    l["line_number"] = pd.to_numeric(l["line_number"], errors="coerce")
    bad_line = ~nonempty(l, ["sku"]) | l["qty"].isna() | l["line_number"].isna() | bad_u | bad_d | bad_t
    bad_recs = set(l.loc[bad_line, "rec"])
    o["order_ts"] = ts(o["order_ts"], "%Y-%m-%dT%H:%M:%SZ")
    o["updated_at"] = ts(o["updated_at"], "%Y-%m-%dT%H:%M:%SZ")
    o["shipping_cents"], bad_s = cents(o["shipping"])
    ok = nonempty(o, ["order_id", "channel", "customer_id", "order_ts", "updated_at", "status", "currency"]) & ~bad_s
    o = o[ok & ~o["rec"].isin(bad_recs)].copy()
    o["currency"] = o["currency"].str.strip().str.upper()
    o["order_date"] = o["order_ts"].dt.normalize()
    o["rate"] = rates_of(o, fx, "order_date")
    o = o[~np.isnan(o["rate"])]
    # Exact duplicates and re-sends: the same record content; then the latest version per order.
    o = o.drop_duplicates(subset=WEB_TOP)
    o = o.sort_values(["order_id", "updated_at"], kind="mergesort").drop_duplicates("order_id", keep="last")
    lines = l[l["rec"].isin(o["rec"])].merge(o[["rec", "order_id"]], on="rec")
    lines = lines.drop_duplicates(["order_id", "line_number"])
    orders = pd.DataFrame({
        "order_id": o["order_id"], "source": "webshop", "channel": o["channel"].str.strip().str.lower(),
        "customer_id": o["customer_id"], "buyer_email": None, "order_ts": o["order_ts"],
        "order_date": o["order_date"], "updated_at": o["updated_at"], "status": o["status"].str.strip().str.lower(),
        "currency": o["currency"], "rate": o["rate"].astype(np.int64), "shipping_cents": o["shipping_cents"],
        "utm_code": o["utm_code"].where(o["utm_code"].notna(), None).str.strip(),
        "coupon_norm": o["coupon_code"].where(o["coupon_code"].notna(), None).str.strip().str.lower(),
    })
    return orders, lines[["order_id", "line_number", "sku", "qty", "unit_cents", "discount_cents", "tax_cents"]]


def orders_marketplace(raw, fx, customers):
    m = load_csv(objects(raw, "orders/source=marketplace/"), MP_COLS).drop_duplicates()
    req = [c for c in MP_COLS if c != "promo_code"]
    m = m[nonempty(m, req)].copy()
    m["buyer_email"], ok = valid_email(m["buyer_email"])
    m = m[ok].copy()
    m["order_ts"] = ts(m["order_date"], "%Y-%m-%d %H:%M:%S")
    m["updated_at"] = ts(m["last_update"], "%Y-%m-%d %H:%M:%S")
    m["currency"] = m["currency"].str.strip().str.upper()
    m["qty"] = pd.to_numeric(m["qty"], errors="coerce")
    m["line_number"] = pd.to_numeric(m["item_no"], errors="coerce")
    m["unit_cents"], b1 = cents(m["item_price"])
    m["discount_cents"], b2 = cents(m["item_discount"])
    m["tax_cents"], b3 = cents(m["item_tax"])
    m["shipping_cents"], b4 = cents(m["shipping_fee"])
    m = m[m["order_ts"].notna() & m["updated_at"].notna() & m["qty"].notna() & m["line_number"].notna()
          & ~(b1 | b2 | b3 | b4)].copy()
    m["order_date"] = m["order_ts"].dt.normalize()
    m["rate"] = rates_of(m, fx, "order_date")
    m = m[~np.isnan(m["rate"])]
    # The latest version of each order (max last_update) and its rows.
    latest = m.groupby("mp_order_id")["updated_at"].transform("max")
    m = m[m["updated_at"] == latest].drop_duplicates(["mp_order_id", "line_number"])
    first = m.drop_duplicates("mp_order_id")
    email_map = customers.groupby("email")["customer_id"].min()
    orders = pd.DataFrame({
        "order_id": first["mp_order_id"], "source": "marketplace",
        "channel": "marketplace_" + first["marketplace"].str.strip().str.lower(),
        "customer_id": first["buyer_email"].map(email_map), "buyer_email": first["buyer_email"],
        "order_ts": first["order_ts"], "order_date": first["order_date"], "updated_at": first["updated_at"],
        "status": first["order_status"].str.strip().str.upper().map(MP_STATUS),
        "currency": first["currency"], "rate": first["rate"].astype(np.int64),
        "shipping_cents": first["shipping_cents"], "utm_code": None,
        "coupon_norm": first["promo_code"].str.strip().str.lower().mask(first["promo_code"].str.strip() == ""),
    })
    lines = m.rename(columns={"mp_order_id": "order_id"})
    return orders, lines[["order_id", "line_number", "sku", "qty", "unit_cents", "discount_cents", "tax_cents"]]


def scd2(df, key, tracked, type1):
    """Versions of df (one row per key and updated_at): a row opens a version when a tracked column
    differs from the previous row of its key; [valid_from, valid_to); type-1 columns from the latest row."""
    df = df.sort_values([key, "updated_at"], kind="mergesort").reset_index(drop=True)
    first = df[key].ne(df[key].shift())
    t = df[tracked].fillna("\x00").astype(str)
    opens = first | t.ne(t.shift()).any(axis=1)
    v = df[opens].copy()
    v["version"] = v.groupby(key).cumcount() + 1
    v["valid_from"] = v["updated_at"]
    nxt = v[key].shift(-1)
    v["valid_to"] = v["valid_from"].shift(-1).where(nxt == v[key])
    latest = df.drop_duplicates(key, keep="last").set_index(key)[type1]
    v = v.drop(columns=type1).join(latest, on=key)
    v["is_current"] = v["valid_to"].isna()
    return v.reset_index(drop=True)


def asof(left, versions, key, left_key):
    """Version of `key` valid at left.order_ts (version 1 for an order before the first version)."""
    lf = left[[left_key, "order_ts"]].reset_index().rename(columns={left_key: key})
    lf = lf[lf[key].notna()].sort_values("order_ts")
    rv = versions[[key, "valid_from", "version"]].sort_values("valid_from")
    hit = pd.merge_asof(lf, rv, left_on="order_ts", right_on="valid_from", by=key, direction="backward")
    hit["version"] = hit["version"].fillna(1).astype(np.int64)
    hit.loc[~hit[key].isin(versions[key]), "version"] = 0  # no such member (inferred)
    return hit.set_index("index")["version"].reindex(left.index).fillna(0).astype(np.int64)


def usd(x, r):
    return (x * r + 500_000) // 1_000_000


def build(raw, out):
    os.makedirs(out, exist_ok=True)
    t0 = t = time.monotonic()
    fx = load_fx(raw)
    t = phase("load fx_rates", t)
    cust = load_customers(raw)
    t = phase("load crm_customers", t)
    prod = load_products(raw, out)
    t = phase("load pim_products (DuckDB converts Parquet to CSV: no Parquet engine in Debian 12)", t)
    camp = load_campaigns(raw)
    t = phase("load ads_campaigns", t)
    wo, wl = orders_webshop(raw, fx)
    t = phase("load webshop_orders (json per line) + latest versions", t)
    mo, ml = orders_marketplace(raw, fx, cust)
    t = phase("load marketplace_orders + latest versions", t)

    dim_customer = scd2(cust, "customer_id", ["street", "city", "postal_code", "country_code", "segment"],
                        ["email", "first_name", "last_name", "phone", "signup_date", "marketing_opt_in"])
    dim_product = scd2(prod, "sku", ["list_price_cents", "unit_cost_cents", "category", "brand"],
                       ["product_name", "launched_on"])
    t = phase("dim_customer + dim_product (SCD2)", t)

    orders = pd.concat([wo, mo], ignore_index=True)
    by_coupon = camp.dropna(subset=["coupon_norm"]).set_index("coupon_norm")["campaign_id"]
    by_utm = camp.set_index("utm_code")["campaign_id"]
    cc = orders["coupon_norm"].map(by_coupon)
    cu = orders["utm_code"].map(by_utm)
    orders["campaign_id"] = cc.fillna(cu)
    orders["attributed_by"] = np.where(cc.notna(), "coupon", np.where(cu.notna(), "utm", None))
    orders["customer_version"] = asof(orders, dim_customer, "customer_id", "customer_id")

    lines = pd.concat([wl, ml], ignore_index=True).merge(
        orders[["order_id", "order_ts", "order_date", "channel", "status", "rate", "shipping_cents"]], on="order_id")
    lines["qty"] = lines["qty"].astype(np.int64)
    lines["line_number"] = lines["line_number"].astype(np.int64)
    lines["sku"] = lines["sku"].str.strip()
    lines["gross_cents"] = lines["qty"] * lines["unit_cents"]
    base = lines["gross_cents"] - lines["discount_cents"]
    g = lines.groupby("order_id")
    total = base.groupby(lines["order_id"]).transform("sum")
    last = g["line_number"].transform("max")
    is_last = lines["line_number"] == last
    share = np.where(is_last | (total == 0), 0, (lines["shipping_cents"] * base) // total.where(total != 0, 1))
    lines["share"] = share
    others = lines.groupby("order_id")["share"].transform("sum")
    lines["shipping_alloc_cents"] = np.where(is_last, lines["shipping_cents"] - others, share)
    r = lines["rate"]
    lines["gross_usd"] = usd(lines["gross_cents"], r)
    lines["discount_usd"] = usd(lines["discount_cents"], r)
    lines["tax_usd"] = usd(lines["tax_cents"], r)
    lines["shipping_usd"] = usd(lines["shipping_alloc_cents"], r)
    lines["net_revenue_usd"] = lines["gross_usd"] - lines["discount_usd"] + lines["shipping_usd"]
    lines["product_version"] = asof(lines, dim_product, "sku", "sku")
    pv = dim_product.set_index(["sku", "version"])["unit_cost_cents"]
    cost = pd.Series(pv.reindex(pd.MultiIndex.from_arrays([lines["sku"], lines["product_version"]])).to_numpy(),
                     index=lines.index)
    lines["cost_usd"] = lines["qty"] * cost
    lines["margin_usd"] = lines["net_revenue_usd"] - lines["cost_usd"]
    lines["counts_in_revenue"] = lines["status"].isin(["placed", "shipped", "delivered"])
    fact_orders = lines.drop(columns=["share"]).merge(
        orders[["order_id", "source", "customer_id", "customer_version", "campaign_id", "attributed_by"]], on="order_id")
    t = phase("fact_orders (allocation, USD, as-of keys, attribution)", t)

    rev = fact_orders[fact_orders["counts_in_revenue"]]
    daily = rev.groupby(["order_date", "channel"]).agg(
        orders=("order_id", "nunique"), lines=("order_id", "size"), gross_usd=("gross_usd", "sum"),
        discount_usd=("discount_usd", "sum"), shipping_usd=("shipping_usd", "sum"), tax_usd=("tax_usd", "sum"),
        net_revenue_usd=("net_revenue_usd", "sum")).reset_index()
    t = phase("daily_sales_by_channel", t)

    for name, df in (("dim_customer", dim_customer), ("dim_product", dim_product), ("fact_orders", fact_orders),
                     ("orders", orders), ("daily_sales_by_channel", daily)):
        df.to_pickle(os.path.join(out, name + ".pkl"))
    t = phase("write pickles", t)
    print(f"{t - t0:8.3f} s  total; rows: dim_customer {len(dim_customer):,}, dim_product {len(dim_product):,}, "
          f"fact_orders {len(fact_orders):,}, orders {len(orders):,}, daily_sales_by_channel {len(daily):,}")


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    build(str(pathlib.Path(argv[1]).resolve()), argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
