-- Snoozing from Telegram: a tap acts once per proposal and round. Approve and Reject keep round 0, so they act
-- once per proposal as before; a snooze's round is the expiry its button was signed with, which every snooze
-- moves, so one snooze acts per time the proposal is offered and a replayed old snooze button finds its round taken.
ALTER TABLE telegram_callbacks ADD COLUMN round INTEGER NOT NULL DEFAULT 0;
DROP INDEX telegram_callbacks_acted;
CREATE UNIQUE INDEX telegram_callbacks_acted ON telegram_callbacks (proposal_id, round) WHERE outcome = 'acted';
