-- adjudicate.sql: after rate_queue.sql, a second rater of ann's first item and an adjudicator, for
-- tests/sh_tui_adjudicate.sh: rater "bob" (clinician) is given the same item (overlap group 1) with
-- the sides the other way round (his left is ann's right: summary 1 of the item), and "judy" is an
-- adjudicator with no queue of her own.
INSERT INTO raters(name, role, created) VALUES ('bob', 'clinician', '2025-06-01T08:00:00Z');
INSERT INTO raters(name, role, created) VALUES ('judy', 'adjudicator', '2025-06-01T08:00:00Z');
INSERT INTO queue_raters(queue, rater, seed)
	VALUES ((SELECT id FROM queues WHERE name = 'test'), (SELECT id FROM raters WHERE name = 'bob'), 8);
INSERT INTO queue_items(queue, rater, position, patient, summary_left, summary_right, swapped, gold, gold_expect, overlap_group)
	SELECT queue, (SELECT id FROM raters WHERE name = 'bob'), 1, patient, summary_right, summary_left, 1 - swapped, 0, 0,
	overlap_group FROM queue_items WHERE rater = (SELECT id FROM raters WHERE name = 'ann') AND position = 1;
