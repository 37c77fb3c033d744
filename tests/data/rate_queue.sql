-- rate_queue.sql: a small rating queue over the demo database (growthview demo --patients 6,
-- seed 2026) for tests/sh_tui_rate.sh, written straight into the tables of migration 7 so the
-- screen's test knows exactly what each item is: rater "ann" (annotator), queue "test", three items:
-- position 1  demo-variant-2 (A) against demo-variant-1 (B), child 1, clinician audience
-- position 2  gold: the baseline (A) against demo-variant-1 (B) whose one planted mistake is a wrong
--      percentile or z (variants kind 0: gold_expect bit 1), clinician audience
-- position 3  demo-variant-1 (A) against demo-variant-2 (B), child 2, clinician audience
INSERT INTO raters(name, role, created) VALUES ('ann', 'annotator', '2025-06-01T08:00:00Z');
INSERT INTO queues(name, models, seed, params, created)
	VALUES ('test', 'demo-variant-1,demo-variant-2', 1, '{}', '2025-06-01T08:00:00Z');
INSERT INTO queue_raters(queue, rater, seed)
	VALUES ((SELECT id FROM queues WHERE name = 'test'), (SELECT id FROM raters WHERE name = 'ann'), 7);
INSERT INTO queue_items(queue, rater, position, patient, summary_left, summary_right, swapped, gold, gold_expect, overlap_group)
	SELECT (SELECT id FROM queues WHERE name = 'test'), (SELECT id FROM raters WHERE name = 'ann'), 1, a.patient_id, a.id, b.id, 1, 0, 0, 1 FROM summaries a JOIN summaries b
	ON b.patient_id = a.patient_id AND b.audience = a.audience AND b.model = 'demo-variant-1'
	WHERE a.model = 'demo-variant-2' AND a.audience = 'clinician' ORDER BY a.patient_id LIMIT 1;
INSERT INTO queue_items(queue, rater, position, patient, summary_left, summary_right, swapped, gold, gold_expect, overlap_group)
	SELECT (SELECT id FROM queues WHERE name = 'test'), (SELECT id FROM raters WHERE name = 'ann'), 2, a.patient_id, a.id, b.id, 0, 1, 1, 2 FROM summaries a JOIN summaries b
	ON b.patient_id = a.patient_id AND b.audience = a.audience AND b.model = 'demo-variant-1'
	WHERE a.model = 'baseline' AND a.audience = 'clinician' AND json_array_length(b.planted) = 1
	AND json_extract(b.planted, '$[0].kind') = 'wrong_percentile_or_z' ORDER BY a.patient_id LIMIT 1;
INSERT INTO queue_items(queue, rater, position, patient, summary_left, summary_right, swapped, gold, gold_expect, overlap_group)
	SELECT (SELECT id FROM queues WHERE name = 'test'), (SELECT id FROM raters WHERE name = 'ann'), 3, a.patient_id, a.id, b.id, 0, 0, 0, 3 FROM summaries a JOIN summaries b
	ON b.patient_id = a.patient_id AND b.audience = a.audience AND b.model = 'demo-variant-2'
	WHERE a.model = 'demo-variant-1' AND a.audience = 'clinician' ORDER BY a.patient_id LIMIT 1 OFFSET 1;
