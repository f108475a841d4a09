-- The stop-loss and take-profit orders the paper venue attaches to an entry (`<entry id>:sl`, `<entry id>:tp`)
-- were journaled under the market venue's name instead of their entry's venue, so the blotter could not cancel
-- them ("not connected"). Each takes its entry's venue, in the journal and in its events.
UPDATE order_events
SET venue = (SELECT entry.venue FROM orders entry WHERE entry.client_order_id = substr(order_events.client_order_id, 1, length(order_events.client_order_id) - 3))
WHERE (client_order_id LIKE '%:sl' OR client_order_id LIKE '%:tp')
  AND EXISTS (
    SELECT 1 FROM orders entry
    WHERE entry.client_order_id = substr(order_events.client_order_id, 1, length(order_events.client_order_id) - 3)
      AND entry.venue <> order_events.venue
  );

UPDATE orders
SET venue = (SELECT entry.venue FROM orders entry WHERE entry.client_order_id = substr(orders.client_order_id, 1, length(orders.client_order_id) - 3))
WHERE (client_order_id LIKE '%:sl' OR client_order_id LIKE '%:tp')
  AND EXISTS (
    SELECT 1 FROM orders entry
    WHERE entry.client_order_id = substr(orders.client_order_id, 1, length(orders.client_order_id) - 3)
      AND entry.venue <> orders.venue
  );
