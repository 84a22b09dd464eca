-- materialization: table
-- unique_key: cohort_month, month_number
-- description: Monthly retention by acquisition cohort: customers grouped by the month of their first
-- description: revenue order; for each later month (month_number 0 = the cohort month) the number of
-- description: them with at least one revenue order that month. Rows only for months with activity.
-- column cohort_month: First day of the cohort's month.
-- column month_number: Months after the cohort month (0, 1, 2, ...).
-- column cohort_size: Customers in the cohort.
-- column active_customers: Cohort customers with a revenue order in that month.
-- column retention_rate: active_customers / cohort_size, 4 decimals.
WITH activity AS (
  SELECT DISTINCT c.customer_ref, {{ month_start(f.order_date) }} AS activity_month
  FROM core.fact_orders AS f
  JOIN core.dim_customer AS c ON c.customer_key = f.customer_key
  WHERE f.counts_in_revenue
),
cohorts AS (
  SELECT customer_ref, min(activity_month) AS cohort_month
  FROM activity
  GROUP BY customer_ref
),
sizes AS (
  SELECT cohort_month, count(*) AS cohort_size FROM cohorts GROUP BY cohort_month
),
active AS (
  SELECT co.cohort_month,
         CAST((extract(year FROM a.activity_month) - extract(year FROM co.cohort_month)) * 12
              + extract(month FROM a.activity_month) - extract(month FROM co.cohort_month) AS INTEGER)
           AS month_number,
         count(*) AS active_customers
  FROM activity AS a
  JOIN cohorts AS co ON co.customer_ref = a.customer_ref
  GROUP BY 1, 2
)
SELECT a.cohort_month,
       a.month_number,
       s.cohort_size,
       a.active_customers,
       -- Ratios rounded half away from zero in exact integer arithmetic, active_customers and cohort_size >= 0: a DECIMAL
       -- division is DOUBLE in DuckDB and exact in PostgreSQL, and the two would round ties apart.
       CAST(CAST((20000 * a.active_customers + s.cohort_size - (20000 * a.active_customers + s.cohort_size) % (2 * s.cohort_size))
                 / (2 * s.cohort_size) AS DECIMAL(18, 0)) * 0.0001 AS DECIMAL(9, 4)) AS retention_rate
FROM active AS a
JOIN sizes AS s ON s.cohort_month = a.cohort_month
