-- Revenue, attainment and YoY by branch and month, 2025-12 to 2026-11 (Shanghai months),
-- written by hand: the yardstick for `salesMetrics` in bench/analytics.sh.
WITH cur AS (
  SELECT branch_id, date_trunc('month', ordered_at AT TIME ZONE 'Asia/Shanghai') AS month,
         SUM(total_amount) AS revenue
  FROM sales_orders
  WHERE status = 'CONFIRMED'
    AND ordered_at >= TIMESTAMPTZ '2025-12-01 00:00 Asia/Shanghai'
    AND ordered_at < TIMESTAMPTZ '2026-12-01 00:00 Asia/Shanghai'
  GROUP BY 1, 2
), prev AS (
  SELECT branch_id, date_trunc('month', ordered_at AT TIME ZONE 'Asia/Shanghai') + INTERVAL '1 year' AS month,
         SUM(total_amount) AS revenue
  FROM sales_orders
  WHERE status = 'CONFIRMED'
    AND ordered_at >= TIMESTAMPTZ '2024-12-01 00:00 Asia/Shanghai'
    AND ordered_at < TIMESTAMPTZ '2025-12-01 00:00 Asia/Shanghai'
  GROUP BY 1, 2
), target AS (
  SELECT branch_id, period_start::timestamp AS month, amount
  FROM sales_targets
  WHERE metric = 'REVENUE' AND period_kind = 'MONTH' AND scope_kind = 'BRANCH'
    AND period_start BETWEEN '2025-12-01' AND '2026-11-30'
)
SELECT c.branch_id, to_char(c.month, 'YYYY-MM') AS month, c.revenue,
       round(c.revenue * 100 / NULLIF(t.amount, 0), 2) AS attainment,
       round((c.revenue - p.revenue) * 100 / NULLIF(p.revenue, 0), 2) AS yoy
FROM cur c
LEFT JOIN target t ON t.branch_id = c.branch_id AND t.month = c.month
LEFT JOIN prev p ON p.branch_id = c.branch_id AND p.month = c.month
ORDER BY 1, 2;
