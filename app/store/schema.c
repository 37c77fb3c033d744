/* schema.c — the store's SQL text: the schema's migrations and every statement (see store_int.h).
 * The only file with the schema; the other store files refer to statements by enum qid. */
#include "app/store/store_int.h"

/* ------------------------------------------------------------------ schema */

/* Migration i (1-based) takes the file from user_version i-1 to i.  Each runs in its own
 * transaction together with its PRAGMA user_version and its hook (C code for what SQL cannot
 * compute); an old file is upgraded in place.  Never edit a migration that has been merged:
 * add a new one (tests/app_store.c keeps frozen copies of versions 1 and 2 and checks that
 * upgrading them gives the same schema as creating a new file). */
const struct st_migration st_migrations[] = {
	{
	/* 1: the first schema. */
	"PRAGMA application_id = 1196835906;\n" /* STORE_APP_ID */
	"CREATE TABLE meta(\n"
	"  key TEXT PRIMARY KEY NOT NULL,\n"
	"  value\n"
	");\n"
	"INSERT INTO meta(key, value) VALUES\n"
	"  ('created', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),\n"
	"  ('pseudonym_key', randomblob(32));\n"
	"CREATE TABLE patients(\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  ext_id TEXT UNIQUE CHECK (ext_id IS NULL OR length(ext_id) BETWEEN 1 AND 63),\n"
	"  name TEXT NOT NULL DEFAULT '',\n"
	"  sex INTEGER NOT NULL CHECK (sex IN (0, 1, 2)),\n"
	"  birth_date TEXT NOT NULL CHECK (birth_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),\n"
	"  ga_weeks INTEGER CHECK (ga_weeks IS NULL OR ga_weeks BETWEEN 1 AND 50),\n"
	"  ga_days INTEGER CHECK (ga_days IS NULL OR ga_days BETWEEN 0 AND 6),\n"
	"  mother_height_cm REAL CHECK (mother_height_cm IS NULL OR mother_height_cm > 0),\n"
	"  father_height_cm REAL CHECK (father_height_cm IS NULL OR father_height_cm > 0),\n"
	"  notes TEXT NOT NULL DEFAULT '',\n"
	"  labels INTEGER NOT NULL DEFAULT 0,\n"
	"  source TEXT NOT NULL DEFAULT '',\n"
	"  created TEXT NOT NULL,\n"
	"  updated TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX patients_name ON patients(name COLLATE NOCASE, id);\n"
	"CREATE TABLE measurements(\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,\n"
	"  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),\n"
	"  time TEXT CHECK (time IS NULL OR time GLOB '[0-2][0-9]:[0-5][0-9]'),\n"
	"  weight_kg REAL CHECK (weight_kg IS NULL OR weight_kg > 0),\n"
	"  height_cm REAL CHECK (height_cm IS NULL OR height_cm > 0),\n"
	"  position TEXT CHECK (position IS NULL OR position IN ('L', 'H')),\n"
	"  head_cm REAL CHECK (head_cm IS NULL OR head_cm > 0),\n"
	"  muac_cm REAL CHECK (muac_cm IS NULL OR muac_cm > 0),\n"
	"  triceps_mm REAL CHECK (triceps_mm IS NULL OR triceps_mm > 0),\n"
	"  subscap_mm REAL CHECK (subscap_mm IS NULL OR subscap_mm > 0),\n"
	"  oedema INTEGER NOT NULL DEFAULT 0 CHECK (oedema IN (0, 1)),\n"
	"  source TEXT NOT NULL DEFAULT '',\n"
	"  entered_by TEXT NOT NULL DEFAULT '',\n"
	"  created TEXT NOT NULL,\n"
	"  updated TEXT NOT NULL\n"
	");\n"
	/* Visit identity: re-importing a file adds nothing twice.  NULLs are distinct in a UNIQUE
	 * index, hence ifnull() with values the CHECKs above exclude.  It also serves "the visits
	 * of one patient by date". */
	"CREATE UNIQUE INDEX measurements_identity ON measurements(patient_id, date, ifnull(time, ''),\n"
	"  ifnull(weight_kg, -1), ifnull(height_cm, -1), ifnull(position, ''), ifnull(head_cm, -1),\n"
	"  ifnull(muac_cm, -1), ifnull(triceps_mm, -1), ifnull(subscap_mm, -1), oedema);\n"
	"CREATE TABLE audit(\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  change INTEGER NOT NULL,\n" /* groups the rows of one action */
	"  at TEXT NOT NULL,\n"
	"  who TEXT NOT NULL,\n"
	"  tbl TEXT NOT NULL,\n"
	"  row_id INTEGER,\n"
	"  action TEXT NOT NULL,\n"
	"  field TEXT,\n"
	"  old_value,\n"
	"  new_value,\n"
	"  undoes INTEGER\n"
	");\n"
	"CREATE INDEX audit_change ON audit(change);\n"
	"CREATE INDEX audit_undoes ON audit(undoes) WHERE undoes IS NOT NULL;\n"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit\n"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit\n"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n"
	"PRAGMA user_version = 1;\n",
	NULL},
	{
	/* 2: list columns and indexes for the TUI, flag summary cache and acknowledgements, LLM
	 * summaries and ratings, values reported by imported files. */
	"ALTER TABLE patients ADD COLUMN last_visit TEXT;\n"
	"ALTER TABLE patients ADD COLUMN flag_severity INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE patients ADD COLUMN flag_count INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE patients ADD COLUMN flag_stale INTEGER NOT NULL DEFAULT 1;\n"
	"UPDATE patients SET last_visit =\n"
	"  (SELECT max(date) FROM measurements m WHERE m.patient_id = patients.id);\n"
	"CREATE INDEX patients_birth ON patients(birth_date, id);\n"
	"CREATE INDEX patients_last_visit ON patients(last_visit, id);\n"
	"CREATE INDEX patients_severity ON patients(flag_severity DESC, name COLLATE NOCASE, id);\n"
	"CREATE INDEX patients_stale ON patients(id) WHERE flag_stale = 1;\n"
	"CREATE TABLE flag_acks(\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,\n"
	"  rule TEXT NOT NULL CHECK (length(rule) BETWEEN 1 AND 63),\n"
	"  visit_date TEXT CHECK (visit_date IS NULL OR\n"
	"    visit_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),\n"
	"  who TEXT NOT NULL,\n"
	"  at TEXT NOT NULL,\n"
	"  comment TEXT NOT NULL DEFAULT ''\n"
	");\n"
	"CREATE INDEX flag_acks_patient ON flag_acks(patient_id, rule, visit_date);\n"
	"CREATE TABLE summaries(\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,\n"
	"  backend TEXT NOT NULL,\n"
	"  model TEXT NOT NULL,\n"
	"  prompt_id TEXT NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  created TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX summaries_patient ON summaries(patient_id);\n"
	"CREATE TABLE ratings(\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  summary_a INTEGER NOT NULL REFERENCES summaries(id) ON DELETE CASCADE,\n"
	"  summary_b INTEGER REFERENCES summaries(id) ON DELETE CASCADE,\n"
	"  rater TEXT NOT NULL,\n"
	"  scores TEXT NOT NULL CHECK (json_valid(scores)),\n"
	"  comment TEXT NOT NULL DEFAULT '',\n"
	"  created TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX ratings_summary ON ratings(summary_a, summary_b);\n"
	"CREATE TABLE reported(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,\n"
	"  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),\n"
	"  time TEXT CHECK (time IS NULL OR time GLOB '[0-2][0-9]:[0-5][0-9]'),\n"
	"  code TEXT NOT NULL,\n"
	"  value REAL NOT NULL,\n"
	"  unit TEXT NOT NULL DEFAULT '',\n"
	"  source TEXT NOT NULL DEFAULT ''\n"
	");\n"
	"CREATE UNIQUE INDEX reported_identity ON reported(patient_id, date, ifnull(time, ''), code, value);\n"
	"PRAGMA user_version = 2;\n",
	NULL},
	/* 3: faster bulk writes and list queries.  measurements is rebuilt: ids from a high-water
	 * mark in meta instead of AUTOINCREMENT (which rewrote sqlite_sequence on every insert),
	 * visit identity as UNIQUE(patient_id, date, vkey) with vkey a hash of the values computed
	 * by the store (the hook fills it for existing rows; an 11-expression index before), the
	 * provenance of imported rows in table imports instead of four text columns per row,
	 * CHECKs without GLOB.  The list gets ext_id in its name index (search) and a partial index
	 * of flagged patients. */
	{"CREATE TABLE imports(\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  source TEXT NOT NULL,\n"
	"  who TEXT NOT NULL,\n"
	"  at TEXT NOT NULL,\n"
	"  summary TEXT NOT NULL DEFAULT ''\n"
	");\n"
	/* Ids are never reused: start above every id AUTOINCREMENT ever handed out. */
	"INSERT INTO meta(key, value) VALUES ('measurement_hw',\n"
	"  (SELECT ifnull(max(seq), 0) FROM sqlite_sequence WHERE name = 'measurements'));\n"
	/* A row entered by hand carries source, entered_by, created, updated; an imported row
	 * carries import_id instead (and updated once edited). */
	"CREATE TABLE measurements_v3(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,\n"
	"  date TEXT NOT NULL CHECK (length(date) = 10 AND date BETWEEN '1800-01-01' AND '2199-12-31'),\n"
	"  time TEXT CHECK (length(time) = 5 AND time BETWEEN '00:00' AND '23:59'),\n"
	"  weight_kg REAL CHECK (weight_kg > 0),\n"
	"  height_cm REAL CHECK (height_cm > 0),\n"
	"  position TEXT CHECK (position IN ('L', 'H')),\n"
	"  head_cm REAL CHECK (head_cm > 0),\n"
	"  muac_cm REAL CHECK (muac_cm > 0),\n"
	"  triceps_mm REAL CHECK (triceps_mm > 0),\n"
	"  subscap_mm REAL CHECK (subscap_mm > 0),\n"
	"  oedema INTEGER NOT NULL DEFAULT 0 CHECK (oedema IN (0, 1)),\n"
	"  vkey INTEGER NOT NULL,\n"
	"  import_id INTEGER REFERENCES imports(id),\n"
	"  source TEXT,\n"
	"  entered_by TEXT,\n"
	"  created TEXT,\n"
	"  updated TEXT\n"
	");\n"
	"INSERT INTO measurements_v3(id, patient_id, date, time, weight_kg, height_cm, position, head_cm,\n"
	"  muac_cm, triceps_mm, subscap_mm, oedema, vkey, source, entered_by, created, updated)\n"
	"  SELECT id, patient_id, date, time, weight_kg, height_cm, position, head_cm, muac_cm, triceps_mm,\n"
	"  subscap_mm, oedema, -id, source, entered_by, created, updated FROM measurements;\n"
	"DROP TABLE measurements;\n"
	"ALTER TABLE measurements_v3 RENAME TO measurements;\n"
	/* Visit identity (re-importing a file adds nothing twice): vkey is a 64-bit hash of time,
	 * values, position and oedema (st_visit_key below); on a conflict the store compares the rows
	 * exactly and, for a true hash collision, takes the next vkey.  The index also serves "the
	 * visits of one patient by date". */
	"CREATE UNIQUE INDEX measurements_identity ON measurements(patient_id, date, vkey);\n"
	/* ext_id in the name index: a search (LIKE on name or ext_id) scans the index alone. */
	"DROP INDEX patients_name;\n"
	"CREATE INDEX patients_name ON patients(name COLLATE NOCASE, id, ext_id);\n"
	"CREATE INDEX patients_flagged ON patients(name COLLATE NOCASE, id) WHERE flag_count > 0;\n"
	"PRAGMA user_version = 3;\n",
	st_mig3_visit_keys},
	/* 4: LLM summaries: every field a summary keeps (llmsum.c) */
	{st_mig4_summaries, NULL},
	/* 5: the patient list's search index (FTS5 trigram of name and external id, kept by
	 * triggers): made and filled by the hook, whose SQL is in search.c with the reasons. */
	{"PRAGMA user_version = 5;\n", st_search_migrate},
	/* 6: the claim checker's verdicts (checks.c) */
	{st_mig6_checks, NULL},
	/* 7: the rating work (ratings.c): raters, queues, queue items, ratings, their audit trail,
	 * adjudications; the reserved ratings table of 2 becomes ratings_v2. */
	{"PRAGMA user_version = 7;\n", st_mig7_ratings},
	/* 8: the adjudicator's drafts and the adjudication audit log (ratings.c) */
	{st_mig8_adjudication, NULL},
};

const int st_nmigrations = (int)(sizeof st_migrations / sizeof st_migrations[0]);

/* ------------------------------------------------------------------ statements */

/* Every statement of the store but the patient list's (app/store/patients.c builds those from
 * constant fragments), by enum qid (store_int.h). */
const struct st_qdef st_qdef[Q_COUNT] = {
	[Q_BEGIN] = {"begin transaction", 0, "BEGIN IMMEDIATE"},
	[Q_DATA_VERSION] = {"check for changes", 0, "PRAGMA data_version"},
	[Q_COMMIT] = {"commit", 0, "COMMIT"},
	[Q_ROLLBACK] = {"rollback", 0, "ROLLBACK"},
	[Q_SAVEPOINT] = {"savepoint", 0, "SAVEPOINT gv"},
	[Q_RELEASE] = {"release savepoint", 0, "RELEASE gv"},
	[Q_ROLLBACK_TO] = {"roll back savepoint", 0, "ROLLBACK TO gv"},
	[Q_COUNTS] = {"count patients and measurements", 0,
		      "SELECT (SELECT count(*) FROM patients), (SELECT count(*) FROM measurements)"},
	[Q_META_GET] = {"read meta", 1, "SELECT value FROM meta WHERE key = ?1"},
	[Q_META_SET] = {"write meta", 2, "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)"},
	[Q_P_ALL_STALE] = {"mark flag summaries stale", 0, "UPDATE patients SET flag_stale = 1 WHERE flag_stale = 0"},
	[Q_P_GET] = {"read patient", 1, "SELECT " PCOLS " FROM patients WHERE id = ?1"},
	[Q_P_FIND] = {"find patient", 1, "SELECT " PCOLS " FROM patients WHERE ext_id = ?1"},
	[Q_P_NOTES] = {"read patient notes", 1, "SELECT notes FROM patients WHERE id = ?1"},
	[Q_P_INSERT] = {"insert patient", 13,
			"INSERT INTO patients(ext_id, name, sex, birth_date, ga_weeks, ga_days, mother_height_cm,"
			" father_height_cm, notes, labels, source, created, updated)"
			" VALUES(:ext_id, :name, :sex, :birth_date, :ga_weeks, :ga_days, :mother_height_cm,"
			" :father_height_cm, :notes, :labels, :source, :created, :updated)"},
	[Q_P_INSERT_FULL] = {"insert patient", 16,
			     "INSERT INTO patients(ext_id, name, sex, birth_date, ga_weeks, ga_days, mother_height_cm,"
			     " father_height_cm, notes, labels, source, created, updated, last_visit, flag_severity,"
			     " flag_count, flag_stale)"
			     " VALUES(:ext_id, :name, :sex, :birth_date, :ga_weeks, :ga_days, :mother_height_cm,"
			     " :father_height_cm, :notes, :labels, :source, :created, :updated, :last_visit,"
			     " :flag_severity, :flag_count, 0)"},
	[Q_P_SET] = {"update patient", 11,
		     "UPDATE patients SET ext_id = :ext_id, name = :name, sex = :sex, birth_date = :birth_date,"
		     " ga_weeks = :ga_weeks, ga_days = :ga_days, mother_height_cm = :mother_height_cm,"
		     " father_height_cm = :father_height_cm, labels = :labels, updated = :updated,"
		     " flag_stale = 1 WHERE id = :id"},
	[Q_P_TOUCH] = {"update patient's last visit", 1,
		       "UPDATE patients SET last_visit = (SELECT max(date) FROM measurements WHERE patient_id = ?1),"
		       " flag_stale = 1 WHERE id = ?1"},
	[Q_P_TOUCH_FLAGS] = {"write last visit and flag summary", 3,
			     "UPDATE patients SET last_visit = (SELECT max(date) FROM measurements WHERE patient_id = ?1),"
			     " flag_severity = ?2, flag_count = ?3, flag_stale = 0 WHERE id = ?1"},
	[Q_P_FLAGS] = {"write flag summary", 3,
		       "UPDATE patients SET flag_severity = ?2, flag_count = ?3, flag_stale = 0 WHERE id = ?1"},
	[Q_P_STALE] = {"list stale flag summaries", 2,
		       "SELECT id FROM patients WHERE flag_stale = 1 AND id > ?1 ORDER BY id LIMIT ?2"},
	[Q_P_ALL] = {"list patients", 0, "SELECT " PCOLS " FROM patients ORDER BY ext_id, id"},
	[Q_P_ROW] = {"read patient", 1,
		     "SELECT ext_id, name, sex, birth_date, ga_weeks, ga_days, mother_height_cm, father_height_cm,"
		     " notes, labels, updated FROM patients WHERE id = ?1"},
	[Q_P_ROW_UPDATE] = {"update patient", 12,
			    "UPDATE patients SET ext_id = :ext_id, name = :name, sex = :sex, birth_date = :birth_date,"
			    " ga_weeks = :ga_weeks, ga_days = :ga_days, mother_height_cm = :mother_height_cm,"
			    " father_height_cm = :father_height_cm, notes = :notes, labels = :labels,"
			    " updated = :updated, flag_stale = 1 WHERE id = :id"},
	/* By date, the order of the index measurements_identity; visits.c puts same-day visits in
	 * (time, id) order, as Q_M_LOAD_SORTED (a sort in SQLite for every child) does. */
	[Q_M_LOAD] = {"load measurements", 1, "SELECT " VCOLS " FROM measurements WHERE patient_id = ?1 ORDER BY date"},
	[Q_M_LOAD_SORTED] = {"load measurements", 1,
			     "SELECT " VCOLS " FROM measurements WHERE patient_id = ?1 ORDER BY date, ifnull(time, ''), id"},
	[Q_M_INFO] = {"read measurement", 1,
		      "SELECT m.id, m.patient_id, ifnull(m.source, i.source), ifnull(m.entered_by, i.who),"
		      " ifnull(m.created, i.at), ifnull(m.updated, i.at)"
		      " FROM measurements m LEFT JOIN imports i ON i.id = m.import_id WHERE m.id = ?1"},
	[Q_M_INSERT] = {"insert measurement", 14,
			"INSERT INTO measurements(id, patient_id, date, time, weight_kg, height_cm, position, head_cm,"
			" muac_cm, triceps_mm, subscap_mm, oedema, vkey, import_id)"
			" VALUES(:id, :patient_id, :date, :time, :weight_kg, :height_cm, :position, :head_cm,"
			" :muac_cm, :triceps_mm, :subscap_mm, :oedema, :vkey, :import_id) ON CONFLICT DO NOTHING"},
	[Q_M_ROW] = {"read measurement", 1, "SELECT " MCOLS " FROM measurements WHERE id = ?1"},
	[Q_M_ROW_INSERT] = {"insert measurement", 18,
			    "INSERT INTO measurements(id, " MCOLS ")"
			    " VALUES(:id, :patient_id, :date, :time, :weight_kg, :height_cm, :position, :head_cm,"
			    " :muac_cm, :triceps_mm, :subscap_mm, :oedema, :import_id, :source, :entered_by, :created,"
			    " :updated, :vkey)"},
	[Q_M_ROW_UPDATE] = {"update measurement", 18,
			    "UPDATE measurements SET patient_id = :patient_id, date = :date, time = :time,"
			    " weight_kg = :weight_kg, height_cm = :height_cm, position = :position, head_cm = :head_cm,"
			    " muac_cm = :muac_cm, triceps_mm = :triceps_mm, subscap_mm = :subscap_mm, oedema = :oedema,"
			    " import_id = :import_id, source = :source, entered_by = :entered_by, created = :created,"
			    " updated = :updated, vkey = :vkey WHERE id = :id"},
	[Q_M_DELETE] = {"delete measurement", 1, "DELETE FROM measurements WHERE id = :id"},
	[Q_M_IDENT] = {"compare measurements", 3,
		       "SELECT " VCOLS " FROM measurements WHERE patient_id = ?1 AND date = ?2 AND vkey = ?3"},
	[Q_HW_GET] = {"allocate measurement id", 0,
		      "SELECT max(ifnull((SELECT value FROM meta WHERE key = 'measurement_hw'), 0),"
		      " ifnull((SELECT max(id) FROM measurements), 0))"},
	[Q_HW_SET] = {"allocate measurement id", 1, "UPDATE meta SET value = ?1 WHERE key = 'measurement_hw'"},
	[Q_IMP_INSERT] = {"record import", 3, "INSERT INTO imports(source, who, at) VALUES(?1, ?2, ?3)"},
	[Q_IMP_SUMMARY] = {"record import", 2, "UPDATE imports SET summary = ?2 WHERE id = ?1"},
	[Q_A_ROW] = {"read acknowledgement", 1,
		     "SELECT patient_id, rule, visit_date, who, at, comment FROM flag_acks WHERE id = ?1"},
	[Q_A_ROW_INSERT] = {"insert acknowledgement", 7,
			    "INSERT INTO flag_acks(id, patient_id, rule, visit_date, who, at, comment)"
			    " VALUES(:id, :patient_id, :rule, :visit_date, :who, :at, :comment)"},
	[Q_A_DELETE] = {"delete acknowledgement", 1, "DELETE FROM flag_acks WHERE id = :id"},
	[Q_A_LIST] = {"list acknowledgements", 1,
		      "SELECT id, rule, visit_date, who, at, comment FROM flag_acks WHERE patient_id = ?1 ORDER BY id"},
	[Q_RT_ROW] = {"read rating", 1,
		      "SELECT summary_a, summary_b, rater, scores, comment, created FROM ratings_v2 WHERE id = ?1"},
	[Q_RT_ROW_INSERT] = {"insert rating", 7,
			     "INSERT INTO ratings_v2(id, summary_a, summary_b, rater, scores, comment, created)"
			     " VALUES(:id, :summary_a, :summary_b, :rater, :scores, :comment, :created)"},
	[Q_RT_DELETE] = {"delete rating", 1, "DELETE FROM ratings_v2 WHERE id = :id"},
	[Q_S_INSERT] = {"insert summary", 6,
			"INSERT INTO summaries(patient_id, backend, model, prompt_id, text, created)"
			" VALUES(:patient_id, :backend, :model, :prompt_id, :text, :created)"},
	[Q_R_INSERT] = {"insert reported value", 7,
			"INSERT INTO reported(patient_id, date, time, code, value, unit, source)"
			" VALUES(:patient_id, :date, :time, :code, :value, :unit, :source) ON CONFLICT DO NOTHING"},
	[Q_R_LIST] = {"list reported values", 1,
		      "SELECT date, time, code, value, unit FROM reported WHERE patient_id = ?1"
		      " ORDER BY date, ifnull(time, ''), code, id"},
	[Q_AU_NEXT] = {"number audit change", 0, "SELECT ifnull(max(change), 0) + 1 FROM audit"},
	[Q_AU_INSERT] = {"write audit log", 10,
			 "INSERT INTO audit(change, at, who, tbl, row_id, action, field, old_value, new_value, undoes)"
			 " VALUES(:change, :at, :who, :tbl, :row_id, :action, :field, :old_value, :new_value, :undoes)"},
	[Q_AU_LAST] = {"find last change", 1,
		       "SELECT a.change FROM audit a WHERE a.who = ?1 AND a.undoes IS NULL"
		       " AND a.action IN ('insert', 'update', 'delete')"
		       " AND NOT EXISTS (SELECT 1 FROM audit u WHERE u.undoes = a.change)"
		       " ORDER BY a.change DESC LIMIT 1"},
	[Q_AU_ROWS] = {"read change", 1,
		       "SELECT tbl, row_id, action, field, old_value, new_value FROM audit WHERE change = ?1 ORDER BY id"},
};
