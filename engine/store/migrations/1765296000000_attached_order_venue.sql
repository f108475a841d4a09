-- The stop-loss and take-profit orders the paper venue attaches to an entry (`<entry id>:sl`, `<entry id>:tp`)
-- were journaled under the market venue's name instead of their entry's venue, so the blotter could not cancel
-- them ("not connected"). Each takes its entry's venue, in its events and in the journal.
UPDATE order_events SET venue = entry.venue
FROM orders AS entry
WHERE (order_events.client_order_id LIKE '%:sl' OR order_events.client_order_id LIKE '%:tp')
  AND entry.client_order_id = substr(order_events.client_order_id, 1, length(order_events.client_order_id) - 3)
  AND entry.venue <> order_events.venue;

UPDATE orders SET venue = entry.venue
FROM orders AS entry
WHERE (orders.client_order_id LIKE '%:sl' OR orders.client_order_id LIKE '%:tp')
  AND entry.client_order_id = substr(orders.client_order_id, 1, length(orders.client_order_id) - 3)
  AND entry.venue <> orders.venue;
