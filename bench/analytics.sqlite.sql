-- Revenue, attainment and YoY by branch and month, 2025-12 to 2026-11 (Shanghai months,
-- UTC+8), written by hand: the yardstick for `salesMetrics` in bench/analytics.sh. Money is
-- summed as integer fen, as SQLite keeps decimals as floating point.
WITH cur AS (
  SELECT branch_id, strftime('%Y-%m', ordered_at, '+480 minutes') AS month,
         SUM(CAST(ROUND(total_amount * 100) AS INTEGER)) AS fen
  FROM sales_orders
  WHERE status = 'CONFIRMED'
    AND ordered_at >= '2025-11-30T16:00:00+00:00' AND ordered_at < '2026-11-30T16:00:00+00:00'
  GROUP BY 1, 2
), prev AS (
  SELECT branch_id, strftime('%Y-%m', ordered_at, '+480 minutes', '+1 year') AS month,
         SUM(CAST(ROUND(total_amount * 100) AS INTEGER)) AS fen
  FROM sales_orders
  WHERE status = 'CONFIRMED'
    AND ordered_at >= '2024-11-30T16:00:00+00:00' AND ordered_at < '2025-11-30T16:00:00+00:00'
  GROUP BY 1, 2
), target AS (
  SELECT branch_id, strftime('%Y-%m', period_start) AS month, CAST(ROUND(amount * 100) AS INTEGER) AS fen
  FROM sales_targets
  WHERE metric = 'REVENUE' AND period_kind = 'MONTH' AND scope_kind = 'BRANCH'
    AND period_start BETWEEN '2025-12-01' AND '2026-11-30'
)
SELECT c.branch_id, c.month, printf('%.2f', c.fen / 100.0) AS revenue,
       round(c.fen * 100.0 / t.fen, 2) AS attainment,
       round((c.fen - p.fen) * 100.0 / p.fen, 2) AS yoy
FROM cur c
LEFT JOIN target t ON t.branch_id = c.branch_id AND t.month = c.month
LEFT JOIN prev p ON p.branch_id = c.branch_id AND p.month = c.month
ORDER BY 1, 2;
