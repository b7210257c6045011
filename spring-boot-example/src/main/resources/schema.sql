-- The sales ledger, which the durable subscription "sales-ledger" fills (SalesLedger).
CREATE TABLE IF NOT EXISTS sales_ledger (
  event_id   TEXT PRIMARY KEY,
  order_id   TEXT NOT NULL,
  item       TEXT NOT NULL,
  quantity   INTEGER NOT NULL,
  deliveries INTEGER NOT NULL
);
